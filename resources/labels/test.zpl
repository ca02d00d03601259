^XA
^FX Printer test label: 4 x 6 in, laid out in dots at 203 dpi (station.labels scales it).
^FX Checks alignment (the frame), the print head (the black bar: no white streaks),
^FX darkness (the thin to thick lines) and that a Code 128 scans; names the station and date.
^CI28^PW812^LL1218^LH0,0^PON

^FO8,8^GB796,1202,4^FS
^FO8,8^GB796,100,100^FS
^FO24,26^A0N,64,58^FR^FB764,1,0,C^FDPRINTER TEST^FS

^FO32,126^A0N,26,24^FB748,1,0,L^FDSTATION^FS
^FO32,156^A0N,90,80^FB748,1,0,L^FD${station:shrink}^FS
^FO32,266^A0N,26,24^FB360,1,0,L^FDDATE^FS
^FO32,296^A0N,48,42^FB360,1,0,L^FD${date:shrink}^FS
^FO420,266^A0N,26,24^FB360,1,0,L^FDRESOLUTION^FS
^FO420,296^A0N,48,42^FB360,1,0,L^FD${dpi}^FS

^FO32,376^A0N,26,24^FB748,1,0,L^FDSCAN THIS CODE 128^FS
^FO32,410^BY3,3,170^BCN,170,N,N,N,N^FD${test_code:w=748}^FS
^FO32,592^A0N,44,40^FB748,1,0,C^FD${test_code}^FS

^FO32,666^A0N,26,24^FB748,1,0,L^FDPRINT HEAD: NO WHITE STREAKS IN THE BAR^FS
^FO32,698^GB748,110,110^FS

^FO32,830^A0N,26,24^FB748,1,0,L^FDTHIN TO THICK LINES^FS
^FO32,868^GB748,1,1^FS
^FO32,892^GB748,2,2^FS
^FO32,918^GB748,3,3^FS
^FO32,946^GB748,4,4^FS
^FO32,976^GB1,120,1^FS
^FO72,976^GB2,120,2^FS
^FO112,976^GB3,120,3^FS
^FO152,976^GB4,120,4^FS

^FO200,990^A0N,30,28^FB580,3,6,L^FDThe frame, bar, lines and barcode must be complete and the code must scan. If not: clean the head, check media and darkness.^FS
^XZ
