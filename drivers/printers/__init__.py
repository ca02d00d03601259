"""Label printers: raw TCP with ~HS status, the system spooler, a file sink, and the print queue."""

from drivers.printers.base import Printer
from drivers.printers.config import open_printer
from drivers.printers.filesink import FilePrinter
from drivers.printers.jobstore import (
    JobState,
    PrintJobStore,
    QueuedJob,
    SqlitePrintJobStore,
    print_jobs_table,
)
from drivers.printers.queue import PrintQueue, PrintQueueEvent, retry_delay
from drivers.printers.spooler import SpoolerPrinter
from drivers.printers.status import (
    PrinterError,
    PrinterFault,
    PrinterStatus,
    PrinterUncertain,
    parse_host_status,
)
from drivers.printers.tcp import TcpPrinter

__all__ = [
    "FilePrinter",
    "JobState",
    "PrintJobStore",
    "PrintQueue",
    "PrintQueueEvent",
    "Printer",
    "PrinterError",
    "PrinterFault",
    "PrinterStatus",
    "PrinterUncertain",
    "QueuedJob",
    "SpoolerPrinter",
    "SqlitePrintJobStore",
    "TcpPrinter",
    "open_printer",
    "parse_host_status",
    "print_jobs_table",
    "retry_delay",
]
