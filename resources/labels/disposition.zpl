^XA
^FX Disposition label for one inspected unit: 4 x 6 in, laid out in dots at 203 dpi.
^FX station.labels scales it for 300 dpi and fills the ${...} fields (see its docstring).
^FX What a worker reads from a metre away: LPN, grade, disposition, or HOLD.
^CI28^PW812^LL1218^LH0,0^PON

^FX ---- header band, white on black
^FO0,0^GB812,92,92^FS
^FX IF hold_reason
^FO24,18^A0N,62,54^FR^FB764,1,0,C^FDON HOLD: DO NOT PUT AWAY^FS
^FX ELSE
^FO24,20^A0N,56,50^FR^FB764,1,0,C^FDRETURNED UNIT^FS
^FX END

^FX ---- LPN: barcode and big text
^FO24,106^A0N,26,24^FB764,1,0,L^FDLPN^FS
^FO24,138^BY4,3,190^BCN,190,N,N,N,N^FD${lpn:w=764}^FS
^FO24,338^A0N,84,80^FB764,1,0,C^FD${lpn:shrink,middle}^FS
^FO24,436^GB764,4,4^FS

^FX ---- grade, framed
^FO24,456^GB252,318,4^FS
^FO28,470^A0N,28,26^FB244,1,0,C^FDGRADE^FS
^FO32,526^A0N,250,230^FB236,1,0,C^FD${grade:upper,shrink,middle}^FS

^FX ---- disposition and where it goes, or the hold reason
^FX IF hold_reason
^FO296,456^GB492,206,206^FS
^FO296,490^A0N,180,190^FR^FB492,1,0,C^FDHOLD^FS
^FO300,672^A0N,26,24^FB488,1,0,L^FDREASON^FS
^FO300,702^A0N,34,30^FB488,2,4,L^FD${hold_reason:shrink}^FS
^FX ELSE
^FO300,462^A0N,28,26^FB488,1,0,L^FDDISPOSITION^FS
^FO300,496^A0N,96,84^FB488,2,8,L^FD${disposition:upper,shrink,middle}^FS
^FX IF destination
^FO300,706^A0N,26,24^FB488,1,0,L^FDPUT AWAY TO^FS
^FO300,734^A0N,44,40^FB488,1,0,L^FD${destination:shrink}^FS
^FX END
^FX END
^FO24,792^GB764,4,4^FS

^FX ---- what the unit is
^FO24,808^A0N,24,22^FB372,1,0,L^FDRMA^FS
^FO24,834^A0N,42,38^FB372,1,0,L^FD${rma:shrink}^FS
^FO416,808^A0N,24,22^FB372,1,0,L^FDSKU^FS
^FO416,834^A0N,42,38^FB372,1,0,L^FD${sku:shrink}^FS
^FX IF description
^FO24,892^A0N,24,22^FB764,1,0,L^FDDESCRIPTION^FS
^FO24,918^A0N,36,32^FB764,2,6,L^FD${description}^FS
^FX END
^FX IF serial
^FO24,1002^A0N,24,22^FB764,1,0,L^FDSERIAL^FS
^FO24,1028^A0N,38,34^FB764,1,0,L^FD${serial:shrink}^FS
^FX END

^FX ---- who and where, small
^FO24,1088^GB764,2,2^FS
^FO24,1102^A0N,22,20^FB244,1,0,L^FDDATE^FS
^FO24,1126^A0N,36,32^FB244,1,0,L^FD${date:shrink}^FS
^FO284,1102^A0N,22,20^FB244,1,0,L^FDOPERATOR^FS
^FO284,1126^A0N,36,32^FB244,1,0,L^FD${operator:shrink}^FS
^FO544,1102^A0N,22,20^FB244,1,0,L^FDSTATION^FS
^FO544,1126^A0N,36,32^FB244,1,0,L^FD${station:shrink}^FS
^XZ
