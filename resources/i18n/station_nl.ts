<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="nl">
<context>
    <name>BenchStatusBar</name>
    <message>
        <source>nobody</source>
        <translation>niemand</translation>
    </message>
    <message>
        <source>{station} · operator: {who}</source>
        <translation>{station} · medewerker: {who}</translation>
    </message>
    <message>
        <source>policy {version}</source>
        <translation>beleid {version}</translation>
    </message>
    <message>
        <source>inspector</source>
        <translation>inspecteur</translation>
    </message>
    <message>
        <source>lead</source>
        <translation>teamleider</translation>
    </message>
    <message>
        <source>admin</source>
        <translation>beheerder</translation>
    </message>
    <message>
        <source>scanner</source>
        <translation>scanner</translation>
    </message>
    <message>
        <source>scale</source>
        <translation>weegschaal</translation>
    </message>
    <message>
        <source>printer</source>
        <translation>printer</translation>
    </message>
    <message>
        <source>camera</source>
        <translation>camera</translation>
    </message>
    <message>
        <source>sync: …</source>
        <translation>sync: …</translation>
    </message>
    <message>
        <source>offline (no hub configured)</source>
        <translation>offline (geen hub ingesteld)</translation>
    </message>
    <message>
        <source>online</source>
        <translation>online</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>offline</translation>
    </message>
    <message>
        <source>sync: {where} · pending {count}</source>
        <translation>sync: {where} · wachtend {count}</translation>
    </message>
    <message>
        <source>oldest {age}</source>
        <translation>oudste {age}</translation>
    </message>
    <message>
        <source>{count} rejected</source>
        <translation>{count} geweigerd</translation>
    </message>
    <message>
        <source>update needed</source>
        <translation>update nodig</translation>
    </message>
</context>
<context>
    <name>CorePrompt</name>
    <message>
        <source>Scan your badge to log in.</source>
        <translation>Scan je badge om in te loggen.</translation>
    </message>
    <message>
        <source>Badge {badge}: type your PIN and press Enter.</source>
        <translation>Badge {badge}: typ je pincode en druk op Enter.</translation>
    </message>
    <message>
        <source>Log in first: scan your badge and enter your PIN.</source>
        <translation>Log eerst in: scan je badge en typ je pincode.</translation>
    </message>
    <message>
        <source>Cancelled. Scan the next parcel or item.</source>
        <translation>Geannuleerd. Scan het volgende pakket of artikel.</translation>
    </message>
    <message>
        <source>Nothing to escalate: scan a parcel or item first.</source>
        <translation>Niets om door te zetten: scan eerst een pakket of artikel.</translation>
    </message>
    <message>
        <source>Welcome {name}. Scan an RMA, order, tracking number or the item.</source>
        <translation>Welkom {name}. Scan een RMA, order, trackingnummer of het artikel.</translation>
    </message>
    <message>
        <source>Badge or PIN not recognised. Scan your badge and try the PIN again.</source>
        <translation>Badge of pincode niet herkend. Scan je badge en probeer de pincode opnieuw.</translation>
    </message>
    <message>
        <source>Unreadable scan ({reason}). Scan again.</source>
        <translation>Onleesbare scan ({reason}). Scan opnieuw.</translation>
    </message>
    <message>
        <source>Decide the hold first: a lead approves or denies, or press Enter to park the unit.</source>
        <translation>Beslis eerst over de blokkade: een teamleider keurt goed of af, of druk op Enter om het artikel te parkeren.</translation>
    </message>
    <message>
        <source>{lpn} is not a unit of this station.</source>
        <translation>{lpn} is geen artikel van deze werkplek.</translation>
    </message>
    <message>
        <source>{lpn} was already inspected: grade {grade}, {disposition}. Scan the next parcel.</source>
        <translation>{lpn} is al gekeurd: klasse {grade}, {disposition}. Scan het volgende pakket.</translation>
    </message>
    <message>
        <source>No return authorisation found for {kind} {code}. Scan the item itself to handle it as an unexpected item.</source>
        <translation>Geen retourmachtiging gevonden voor {kind} {code}. Scan het artikel zelf om het als onverwacht artikel te behandelen.</translation>
    </message>
    <message>
        <source>No return authorisation for {code}.</source>
        <translation>Geen retourmachtiging voor {code}.</translation>
    </message>
    <message>
        <source>Product {code} is not in the catalog. Scan another barcode on the item, or escalate (F9).</source>
        <translation>Product {code} staat niet in de catalogus. Scan een andere barcode op het artikel, of zet door (F9).</translation>
    </message>
    <message>
        <source>That is a license plate of an inspected unit. Finish or cancel (Esc) this unit first.</source>
        <translation>Dat is een LPN van een gekeurd artikel. Rond dit artikel eerst af of annuleer (Esc).</translation>
    </message>
    <message>
        <source>Badge scanned: leads approve holds at the hold screen.</source>
        <translation>Badge gescand: teamleiders keuren blokkades goed op het blokkadescherm.</translation>
    </message>
    <message>
        <source>Code {code} is not a known product, serial or RMA.</source>
        <translation>Code {code} is geen bekend product, serienummer of RMA.</translation>
    </message>
    <message>
        <source>Unknown code. Scan the product barcode or the RMA label; Enter: continue as unexpected item.</source>
        <translation>Onbekende code. Scan de productbarcode of het RMA-label; Enter: doorgaan als onverwacht artikel.</translation>
    </message>
    <message>
        <source>Scan the product barcode (GTIN/UPC) on the item.</source>
        <translation>Scan de productbarcode (GTIN/UPC) op het artikel.</translation>
    </message>
    <message>
        <source>Scan the serial number of the item. Enter: continue without serial.</source>
        <translation>Scan het serienummer van het artikel. Enter: doorgaan zonder serienummer.</translation>
    </message>
    <message>
        <source>Place the item on the scale. Enter: continue without weighing.</source>
        <translation>Leg het artikel op de weegschaal. Enter: doorgaan zonder wegen.</translation>
    </message>
    <message>
        <source>Press Enter to start the checklist.</source>
        <translation>Druk op Enter om de controlelijst te starten.</translation>
    </message>
    <message>
        <source>Scale in motion: wait until it settles.</source>
        <translation>Weegschaal beweegt: wacht tot hij stil staat.</translation>
    </message>
    <message>
        <source>{question}  Y: yes   N: no</source>
        <translation>{question}  Y: ja   N: nee</translation>
    </message>
    <message>
        <source>{question}  {options}</source>
        <translation>{question}  {options}</translation>
    </message>
    <message>
        <source>Take photo: {slot} ({number} of {total}).</source>
        <translation>Maak foto: {slot} ({number} van {total}).</translation>
    </message>
    <message>
        <source>Override to {disposition}: {reason}. Enter: confirm and print the label.</source>
        <translation>Gewijzigd naar {disposition}: {reason}. Enter: bevestigen en label printen.</translation>
    </message>
    <message>
        <source>Enter: confirm.</source>
        <translation>Enter: bevestigen.</translation>
    </message>
    <message>
        <source>Suggested: {disposition} — {explanation} The unit will be held for a lead. Enter: confirm, D: choose another disposition.</source>
        <translation>Voorstel: {disposition} — {explanation} Het artikel wordt vastgehouden voor een teamleider. Enter: bevestigen, D: andere bestemming kiezen.</translation>
    </message>
    <message>
        <source>Suggested: {disposition} — {explanation} Enter: confirm, D: choose another disposition.</source>
        <translation>Voorstel: {disposition} — {explanation} Enter: bevestigen, D: andere bestemming kiezen.</translation>
    </message>
    <message>
        <source>{question} Press Y or N.</source>
        <translation>{question} Druk op Y of N.</translation>
    </message>
    <message>
        <source>{question} Press 1 to {count}.</source>
        <translation>{question} Druk op 1 tot en met {count}.</translation>
    </message>
    <message>
        <source>No checklist question is open.</source>
        <translation>Er staat geen controlevraag open.</translation>
    </message>
    <message>
        <source>Unknown checklist question {code}.</source>
        <translation>Onbekende controlevraag {code}.</translation>
    </message>
    <message>
        <source>Scan an item before taking photos.</source>
        <translation>Scan een artikel voordat je foto's maakt.</translation>
    </message>
    <message>
        <source>Photo not stored: {reason}</source>
        <translation>Foto niet opgeslagen: {reason}</translation>
    </message>
    <message>
        <source>Choose a disposition after the checklist and photos.</source>
        <translation>Kies een bestemming na de controlelijst en de foto's.</translation>
    </message>
    <message>
        <source>Unknown disposition {code}; one of: {choices}.</source>
        <translation>Onbekende bestemming {code}; kies uit: {choices}.</translation>
    </message>
    <message>
        <source>An override needs a reason: type why and press Enter.</source>
        <translation>Een wijziging heeft een reden nodig: typ waarom en druk op Enter.</translation>
    </message>
    <message>
        <source>Nothing to confirm: scan a parcel or item.</source>
        <translation>Niets te bevestigen: scan een pakket of artikel.</translation>
    </message>
    <message>
        <source>Answer the question first: {question}</source>
        <translation>Beantwoord eerst de vraag: {question}</translation>
    </message>
    <message>
        <source>Take the {slot} photo first.</source>
        <translation>Maak eerst de foto: {slot}.</translation>
    </message>
    <message>
        <source>Nothing to confirm.</source>
        <translation>Niets te bevestigen.</translation>
    </message>
    <message>
        <source>Hold for a lead: {reasons} Lead: scan badge and enter PIN to approve or deny. Enter: park the unit on the hold shelf and continue.</source>
        <translation>Vasthouden voor een teamleider: {reasons} Teamleider: scan badge en typ pincode om goed of af te keuren. Enter: artikel in het blokkaderek zetten en doorgaan.</translation>
    </message>
    <message>
        <source>No unit is waiting for a lead decision here.</source>
        <translation>Hier wacht geen artikel op een beslissing van een teamleider.</translation>
    </message>
    <message>
        <source>Lead badge or PIN not recognised.</source>
        <translation>Badge of pincode van de teamleider niet herkend.</translation>
    </message>
    <message>
        <source>{name} is not a lead: a lead must approve or deny holds.</source>
        <translation>{name} is geen teamleider: alleen een teamleider keurt blokkades goed of af.</translation>
    </message>
    <message>
        <source>{lpn} is not on hold.</source>
        <translation>{lpn} is niet geblokkeerd.</translation>
    </message>
    <message>
        <source>{lpn} stays on hold. Scan the next parcel.</source>
        <translation>{lpn} blijft geblokkeerd. Scan het volgende pakket.</translation>
    </message>
    <message>
        <source>{lpn} parked on hold. Label printing. Scan the next parcel or item.</source>
        <translation>{lpn} staat in het blokkaderek. Label wordt geprint. Scan het volgende pakket of artikel.</translation>
    </message>
    <message>
        <source>{lpn} done. Label printing. Scan the next parcel or item.</source>
        <translation>{lpn} klaar. Label wordt geprint. Scan het volgende pakket of artikel.</translation>
    </message>
    <message>
        <source>{lpn} {disposition}. Label printing. Scan the next parcel or item.</source>
        <translation>{lpn}: {disposition}. Label wordt geprint. Scan het volgende pakket of artikel.</translation>
    </message>
    <message>
        <source>{state} by {name}. {prompt}</source>
        <translation>{state} door {name}. {prompt}</translation>
    </message>
    <message>
        <source>Unsupported event {code}.</source>
        <translation>Niet-ondersteunde gebeurtenis {code}.</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>The bench station hit an error</source>
        <translation>Het inspectiestation heeft een fout</translation>
    </message>
    <message>
        <source>Something went wrong. The unit in progress was not committed; finished units are safe. Tell IT and restart the station.</source>
        <translation>Er ging iets mis. Het artikel in behandeling is niet opgeslagen; afgeronde artikelen zijn veilig. Meld het bij IT en start het station opnieuw.</translation>
    </message>
    <message>
        <source>Log files: {folder}</source>
        <translation>Logbestanden: {folder}</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Sluiten</translation>
    </message>
</context>
<context>
    <name>DiagnosticsScreen</name>
    <message>
        <source>Device events (live)</source>
        <translation>Apparaatgebeurtenissen (live)</translation>
    </message>
    <message>
        <source>Test scan: scan any code</source>
        <translation>Testscan: scan een willekeurige code</translation>
    </message>
    <message>
        <source>Test weigh: put a weight on the scale</source>
        <translation>Testweging: leg een gewicht op de weegschaal</translation>
    </message>
    <message>
        <source>Print test label</source>
        <translation>Testlabel printen</translation>
    </message>
    <message>
        <source>Serial ports</source>
        <translation>Seriële poorten</translation>
    </message>
    <message>
        <source>Run doctor</source>
        <translation>Controle uitvoeren</translation>
    </message>
    <message>
        <source>Show log</source>
        <translation>Log tonen</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Resultaten</translation>
    </message>
    <message>
        <source>Printer: {state}</source>
        <translation>Printer: {state}</translation>
    </message>
    <message>
        <source>No print queue in this build.</source>
        <translation>Geen printwachtrij in deze versie.</translation>
    </message>
    <message>
        <source>Test label queued: job {job}</source>
        <translation>Testlabel in de wachtrij: opdracht {job}</translation>
    </message>
    <message>
        <source>No serial ports found.</source>
        <translation>Geen seriële poorten gevonden.</translation>
    </message>
    <message>
        <source>Running checks…</source>
        <translation>Controles worden uitgevoerd…</translation>
    </message>
    <message>
        <source>No log in memory.</source>
        <translation>Geen log in het geheugen.</translation>
    </message>
</context>
<context>
    <name>FolderPhotos</name>
    <message>
        <source>Take the picture with the camera; it arrives from {folder}.</source>
        <translation>Maak de foto met de camera; hij komt binnen uit {folder}.</translation>
    </message>
    <message>
        <source>The camera folder {folder} cannot be used ({error}). Call IT.</source>
        <translation>De cameramap {folder} kan niet worden gebruikt ({error}). Bel IT.</translation>
    </message>
    <message>
        <source>Waiting for the picture from the camera ({folder}).</source>
        <translation>Wachten op de foto van de camera ({folder}).</translation>
    </message>
</context>
<context>
    <name>InspectorScreen</name>
    <message>
        <source>Scan the RMA label, order or tracking number — or the item itself.</source>
        <translation>Scan het RMA-label, het order- of trackingnummer — of het artikel zelf.</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>Verwacht</translation>
    </message>
    <message>
        <source>Scanned</source>
        <translation>Gescand</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>Artikelnr.</translation>
    </message>
    <message>
        <source>Serial</source>
        <translation>Serienummer</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>Gewicht</translation>
    </message>
    <message>
        <source>P  take photo</source>
        <translation>P  foto maken</translation>
    </message>
    <message>
        <source>Suggested disposition</source>
        <translation>Voorgestelde bestemming</translation>
    </message>
    <message>
        <source>Choose a disposition (1-8), type the reason, Enter to apply, Esc to go back.</source>
        <translation>Kies een bestemming (1-8), typ de reden, Enter om toe te passen, Esc om terug te gaan.</translation>
    </message>
    <message>
        <source>Reason for the override</source>
        <translation>Reden voor de wijziging</translation>
    </message>
    <message>
        <source>On hold — a lead must decide</source>
        <translation>Geblokkeerd — een teamleider beslist</translation>
    </message>
    <message>
        <source>Lead badge</source>
        <translation>Badge teamleider</translation>
    </message>
    <message>
        <source>Lead PIN</source>
        <translation>Pincode teamleider</translation>
    </message>
    <message>
        <source>A  approve     D  deny     Enter  park on the hold shelf</source>
        <translation>A  goedkeuren     D  afkeuren     Enter  in blokkaderek zetten</translation>
    </message>
    <message>
        <source>Last unit</source>
        <translation>Vorig artikel</translation>
    </message>
    <message>
        <source>Why does a lead need to look at it?</source>
        <translation>Waarom moet een teamleider ernaar kijken?</translation>
    </message>
    <message>
        <source>Type the code and press Enter</source>
        <translation>Typ de code en druk op Enter</translation>
    </message>
    <message>
        <source>Esc cancel    F9 escalate    F2 type a code</source>
        <translation>Esc annuleren    F9 doorzetten    F2 code typen</translation>
    </message>
    <message>
        <source>Y / N or 1-9 answer</source>
        <translation>Y / N of 1-9 antwoorden</translation>
    </message>
    <message>
        <source>P take photo</source>
        <translation>P foto maken</translation>
    </message>
    <message>
        <source>Enter confirm    D other disposition</source>
        <translation>Enter bevestigen    D andere bestemming</translation>
    </message>
    <message>
        <source>Lead: scan badge, PIN, A approve / D deny    Enter park    Esc cancel</source>
        <translation>Teamleider: badge scannen, pincode, A goedkeuren / D afkeuren    Enter parkeren    Esc annuleren</translation>
    </message>
    <message>
        <source>Enter confirm</source>
        <translation>Enter bevestigen</translation>
    </message>
    <message>
        <source>Units on the hold shelf: {count}</source>
        <translation>Artikelen in het blokkaderek: {count}</translation>
    </message>
    <message>
        <source>Waiting at this bench: {count}</source>
        <translation>Wachtend op deze werkplek: {count}</translation>
    </message>
    <message>
        <source>{rma} · order {order}</source>
        <translation>{rma} · bestelling {order}</translation>
    </message>
    <message>
        <source>No RMA: unexpected item</source>
        <translation>Geen RMA: onverwacht artikel</translation>
    </message>
    <message>
        <source>scan the item</source>
        <translation>scan het artikel</translation>
    </message>
    <message>
        <source>required</source>
        <translation>verplicht</translation>
    </message>
    <message>
        <source>outside tolerance</source>
        <translation>buiten tolerantie</translation>
    </message>
    <message>
        <source>weight accepted</source>
        <translation>gewicht akkoord</translation>
    </message>
    <message>
        <source>Reason: {reason}    Customer wants: {preference}    Delivered: {date}</source>
        <translation>Reden: {reason}    Klant wil: {preference}    Geleverd: {date}</translation>
    </message>
    <message>
        <source>Scale: no reading</source>
        <translation>Weegschaal: geen meting</translation>
    </message>
    <message>
        <source>Scale: {grams}</source>
        <translation>Weegschaal: {grams}</translation>
    </message>
    <message>
        <source>stable</source>
        <translation>stabiel</translation>
    </message>
    <message>
        <source>Scale: —</source>
        <translation>Weegschaal: —</translation>
    </message>
    <message>
        <source>motion</source>
        <translation>beweging</translation>
    </message>
    <message>
        <source>under load</source>
        <translation>onderbelast</translation>
    </message>
    <message>
        <source>overload</source>
        <translation>overbelast</translation>
    </message>
    <message>
        <source>scale error</source>
        <translation>weegschaalfout</translation>
    </message>
    <message>
        <source>Question {number} of {total}</source>
        <translation>Vraag {number} van {total}</translation>
    </message>
    <message>
        <source>Taken: {slots}</source>
        <translation>Gemaakt: {slots}</translation>
    </message>
    <message>
        <source>Override</source>
        <translation>Gewijzigd</translation>
    </message>
    <message>
        <source>Reason: {reason}</source>
        <translation>Reden: {reason}</translation>
    </message>
    <message>
        <source>Put it: {destination}</source>
        <translation>Plaats het: {destination}</translation>
    </message>
    <message>
        <source>Grade {grade}</source>
        <translation>Klasse {grade}</translation>
    </message>
    <message>
        <source>(fee {pct:g}%)</source>
        <translation>(kosten {pct:g}%)</translation>
    </message>
    <message>
        <source>due {date}</source>
        <translation>uiterlijk {date}</translation>
    </message>
    <message>
        <source>Refund: {refund}</source>
        <translation>Terugbetaling: {refund}</translation>
    </message>
    <message>
        <source>Will be held for a lead: {reasons}</source>
        <translation>Wordt vastgehouden voor een teamleider: {reasons}</translation>
    </message>
    <message>
        <source>rendering label…</source>
        <translation>label wordt opgemaakt…</translation>
    </message>
    <message>
        <source>no preview</source>
        <translation>geen voorbeeld</translation>
    </message>
    <message>
        <source>Label queued</source>
        <translation>Label in de wachtrij</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>Bezig met printen…</translation>
    </message>
    <message>
        <source>Label printed</source>
        <translation>Label geprint</translation>
    </message>
    <message>
        <source>Printer problem, retrying: {message}</source>
        <translation>Printerprobleem, opnieuw proberen: {message}</translation>
    </message>
    <message>
        <source>May have printed — check the printer: {message}</source>
        <translation>Mogelijk geprint — controleer de printer: {message}</translation>
    </message>
    <message>
        <source>Print cancelled</source>
        <translation>Printen geannuleerd</translation>
    </message>
    <message>
        <source>Escalate to a lead: type the reason, Enter to hold the unit, Esc to go back.</source>
        <translation>Doorzetten naar een teamleider: typ de reden, Enter om het artikel vast te houden, Esc om terug te gaan.</translation>
    </message>
    <message>
        <source>Type the code from the label, then Enter.</source>
        <translation>Typ de code van het label en druk op Enter.</translation>
    </message>
</context>
<context>
    <name>KpiScreen</name>
    <message>
        <source>units/h</source>
        <translation>artikelen/uur</translation>
    </message>
    <message>
        <source>KPI dashboard</source>
        <translation>KPI-dashboard</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Laatste 24 uur</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Laatste 7 dagen</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Laatste 30 dagen</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Vernieuwen</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>CSV exporteren</translation>
    </message>
    <message>
        <source>Top return reasons per SKU and supplier (⚑ = conformity issues above 2%)</source>
        <translation>Belangrijkste retourredenen per artikel en leverancier (⚑ = conformiteitsproblemen boven 2%)</translation>
    </message>
    <message>
        <source>SKU / supplier</source>
        <translation>Artikel / leverancier</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reden</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>Artikelen</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Aandeel</translation>
    </message>
    <message>
        <source>Flag</source>
        <translation>Markering</translation>
    </message>
    <message>
        <source>Units per hour</source>
        <translation>Artikelen per uur</translation>
    </message>
    <message>
        <source>Receipt to decision (median)</source>
        <translation>Ontvangst tot beslissing (mediaan)</translation>
    </message>
    <message>
        <source>Restock rate</source>
        <translation>Terug op voorraad</translation>
    </message>
    <message>
        <source>Automatic decisions</source>
        <translation>Automatische beslissingen</translation>
    </message>
    <message>
        <source>Overrides</source>
        <translation>Wijzigingen</translation>
    </message>
    <message>
        <source>Escalations</source>
        <translation>Doorzettingen</translation>
    </message>
    <message>
        <source>Weight mismatches</source>
        <translation>Gewichtsafwijkingen</translation>
    </message>
    <message>
        <source>Damaged</source>
        <translation>Beschadigd</translation>
    </message>
    <message>
        <source>Unsellable (grade X)</source>
        <translation>Onverkoopbaar (klasse X)</translation>
    </message>
    <message>
        <source>Refunds (vs store credit)</source>
        <translation>Terugbetalingen (t.o.v. tegoed)</translation>
    </message>
    <message>
        <source>Recovered value</source>
        <translation>Teruggewonnen waarde</translation>
    </message>
    <message>
        <source>Diverted from landfill</source>
        <translation>Niet naar de stortplaats</translation>
    </message>
    <message>
        <source>target {target}</source>
        <translation>doel {target}</translation>
    </message>
    <message>
        <source>Disposition mix (units)</source>
        <translation>Verdeling bestemmingen (artikelen)</translation>
    </message>
    <message>
        <source>Weight by disposition stream (kg)</source>
        <translation>Gewicht per bestemming (kg)</translation>
    </message>
    <message>
        <source>Refund vs store credit (units)</source>
        <translation>Terugbetaling t.o.v. tegoed (artikelen)</translation>
    </message>
    <message>
        <source>Throughput per operator (units/h)</source>
        <translation>Doorzet per medewerker (artikelen/uur)</translation>
    </message>
    <message>
        <source>unexpected item</source>
        <translation>onverwacht artikel</translation>
    </message>
    <message>
        <source>No units decided in this period.</source>
        <translation>Geen artikelen beslist in deze periode.</translation>
    </message>
    <message>
        <source>Export KPIs</source>
        <translation>KPI's exporteren</translation>
    </message>
</context>
<context>
    <name>LeadScreen</name>
    <message>
        <source>Holds inbox</source>
        <translation>Blokkades</translation>
    </message>
    <message>
        <source>Queue board</source>
        <translation>Wachtrijbord</translation>
    </message>
    <message>
        <source>Drag an RMA to another bench, or select it and press the bench number (0 = unassigned). Intake SLA 24 h, disposition SLA 48 h. Enter on a hold opens it here.</source>
        <translation>Sleep een RMA naar een andere werkplek, of selecteer hem en druk op het nummer van de werkplek (0 = niet toegewezen). Ontvangst-SLA 24 u, bestemming-SLA 48 u. Enter op een blokkade opent hem hier.</translation>
    </message>
    <message>
        <source>Throughput, last 8 hours</source>
        <translation>Doorzet, laatste 8 uur</translation>
    </message>
    <message>
        <source>No units on hold.</source>
        <translation>Geen geblokkeerde artikelen.</translation>
    </message>
    <message>
        <source>{who}: 1 unit, {rate:.1f} per hour</source>
        <translation>{who}: 1 eenheid, {rate:.1f} per uur</translation>
    </message>
    <message>
        <source>{who}: {units} units, {rate:.1f} per hour</source>
        <translation>{who}: {units} artikelen, {rate:.1f} per uur</translation>
    </message>
    <message>
        <source>No units decided yet.</source>
        <translation>Nog geen artikelen beslist.</translation>
    </message>
    <message>
        <source>unassigned</source>
        <translation>niet toegewezen</translation>
    </message>
    <message>
        <source>[{number}] {bench}
waiting {waiting} · held {held} · late {late}</source>
        <translation>[{number}] {bench}
wachtend {waiting} · geblokkeerd {held} · te laat {late}</translation>
    </message>
    <message>
        <source>{rma} moved from {old} to {new}.</source>
        <translation>{rma} verplaatst van {old} naar {new}.</translation>
    </message>
    <message>
        <source>Not moved: {error}</source>
        <translation>Niet verplaatst: {error}</translation>
    </message>
    <message>
        <source>{lpn} · RMA {rma} · bench {station} · by {operator}
Rules: {rules}</source>
        <translation>{lpn} · RMA {rma} · werkplek {station} · door {operator}
Regels: {rules}</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <source>Returns bench — {station}</source>
        <translation>Retourinspectie — {station}</translation>
    </message>
    <message>
        <source>Badge</source>
        <translation>Badge</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>Pincode</translation>
    </message>
    <message>
        <source>scan your badge</source>
        <translation>scan je badge</translation>
    </message>
    <message>
        <source>type your PIN, then Enter</source>
        <translation>typ je pincode en druk op Enter</translation>
    </message>
    <message>
        <source>F12 changes the language.</source>
        <translation>F12 wisselt de taal.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Returns bench station — {station}</source>
        <translation>Retourinspectiestation — {station}</translation>
    </message>
    <message>
        <source>Inspect</source>
        <translation>Keuren</translation>
    </message>
    <message>
        <source>Lead</source>
        <translation>Teamleider</translation>
    </message>
    <message>
        <source>KPIs</source>
        <translation>KPI's</translation>
    </message>
    <message>
        <source>Diagnostics</source>
        <translation>Diagnose</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Instellingen</translation>
    </message>
    <message>
        <source>Simulate</source>
        <translation>Simuleren</translation>
    </message>
    <message>
        <source>Not saved: {message}. Try again; if it repeats, call IT.</source>
        <translation>Niet opgeslagen: {message}. Probeer opnieuw; bel IT als het vaker gebeurt.</translation>
    </message>
</context>
<context>
    <name>PhotoSource</name>
    <message>
        <source>The picture could not be saved in {folder} ({error}). Call IT.</source>
        <translation>De foto kon niet worden opgeslagen in {folder} ({error}). Bel IT.</translation>
    </message>
</context>
<context>
    <name>Policy</name>
    <message>
        <source>Does the unit power on and start normally?</source>
        <translation>Gaat het apparaat aan en start het normaal op?</translation>
    </message>
    <message>
        <source>Is the screen free of cracks and deep scratches? (Y if it has no screen)</source>
        <translation>Is het scherm vrij van barsten en diepe krassen? (Y als het geen scherm heeft)</translation>
    </message>
    <message>
        <source>Are all accessories in the box (charger, cables, manuals)?</source>
        <translation>Zitten alle accessoires in de doos (lader, kabels, handleidingen)?</translation>
    </message>
    <message>
        <source>Is it reset to factory settings (no account or personal data)? (Y if not applicable)</source>
        <translation>Is het teruggezet naar fabrieksinstellingen (geen account of persoonlijke gegevens)? (Y als niet van toepassing)</translation>
    </message>
    <message>
        <source>What state is the retail packaging in?</source>
        <translation>In welke staat is de verkoopverpakking?</translation>
    </message>
    <message>
        <source>sealed</source>
        <translation>verzegeld</translation>
    </message>
    <message>
        <source>opened</source>
        <translation>geopend</translation>
    </message>
    <message>
        <source>damaged</source>
        <translation>beschadigd</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>ontbreekt</translation>
    </message>
    <message>
        <source>Is the unit physically damaged, and if so what caused it?</source>
        <translation>Is het apparaat fysiek beschadigd, en zo ja, waardoor?</translation>
    </message>
    <message>
        <source>none</source>
        <translation>geen</translation>
    </message>
    <message>
        <source>carrier</source>
        <translation>vervoerder</translation>
    </message>
    <message>
        <source>customer</source>
        <translation>klant</translation>
    </message>
    <message>
        <source>manufacturing</source>
        <translation>productie</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>onbekend</translation>
    </message>
    <message>
        <source>Are the original tags still attached?</source>
        <translation>Zitten de originele labels er nog aan?</translation>
    </message>
    <message>
        <source>Has the item been worn (creases, deodorant marks, stretched fabric)?</source>
        <translation>Is het artikel gedragen (kreukels, deodorantvlekken, uitgerekte stof)?</translation>
    </message>
    <message>
        <source>Does it have stains or an odour (smoke, perfume, sweat)?</source>
        <translation>Heeft het vlekken of een geur (rook, parfum, zweet)?</translation>
    </message>
    <message>
        <source>Is the fabric damaged (tears, holes, broken zip), and if so what caused it?</source>
        <translation>Is de stof beschadigd (scheuren, gaten, kapotte rits), en zo ja, waardoor?</translation>
    </message>
    <message>
        <source>Is the original packaging present and intact?</source>
        <translation>Is de originele verpakking aanwezig en onbeschadigd?</translation>
    </message>
    <message>
        <source>Are all parts and pieces present (check the parts list)?</source>
        <translation>Zijn alle onderdelen aanwezig (controleer de onderdelenlijst)?</translation>
    </message>
    <message>
        <source>Does the item show signs of use (assembled, washed, scuffed)?</source>
        <translation>Vertoont het artikel gebruikssporen (gemonteerd, gewassen, geschaafd)?</translation>
    </message>
    <message>
        <source>Is the item physically damaged, and if so what caused it?</source>
        <translation>Is het artikel fysiek beschadigd, en zo ja, waardoor?</translation>
    </message>
    <message>
        <source>Is the item complete (all parts and accessories present)?</source>
        <translation>Is het artikel compleet (alle onderdelen en accessoires aanwezig)?</translation>
    </message>
    <message>
        <source>Does the item show signs of use?</source>
        <translation>Vertoont het artikel gebruikssporen?</translation>
    </message>
    <message>
        <source>front</source>
        <translation>voorkant</translation>
    </message>
    <message>
        <source>Front of the unit</source>
        <translation>Voorkant van het artikel</translation>
    </message>
    <message>
        <source>back</source>
        <translation>achterkant</translation>
    </message>
    <message>
        <source>Back of the unit</source>
        <translation>Achterkant van het artikel</translation>
    </message>
    <message>
        <source>label</source>
        <translation>label</translation>
    </message>
    <message>
        <source>Product label or shipping label</source>
        <translation>Productlabel of verzendlabel</translation>
    </message>
    <message>
        <source>serial plate</source>
        <translation>typeplaatje</translation>
    </message>
    <message>
        <source>Serial number plate or sticker, readable</source>
        <translation>Typeplaatje of sticker met serienummer, leesbaar</translation>
    </message>
    <message>
        <source>damage closeup</source>
        <translation>schade van dichtbij</translation>
    </message>
    <message>
        <source>Close-up of every damaged area</source>
        <translation>Close-up van elke beschadigde plek</translation>
    </message>
    <message>
        <source>accessories</source>
        <translation>accessoires</translation>
    </message>
    <message>
        <source>All accessories laid out next to the unit</source>
        <translation>Alle accessoires naast het artikel neergelegd</translation>
    </message>
    <message>
        <source>tags</source>
        <translation>labels</translation>
    </message>
    <message>
        <source>Tags and care label</source>
        <translation>Labels en wasvoorschrift</translation>
    </message>
    <message>
        <source>packaging</source>
        <translation>verpakking</translation>
    </message>
    <message>
        <source>Packaging as received</source>
        <translation>Verpakking zoals ontvangen</translation>
    </message>
    <message>
        <source>contents</source>
        <translation>inhoud</translation>
    </message>
    <message>
        <source>Everything that came in the box, laid out</source>
        <translation>Alles wat in de doos zat, neergelegd</translation>
    </message>
    <message>
        <source>Hazmat cage (certified disposal)</source>
        <translation>Hazmat-kooi (gecertificeerde afvoer)</translation>
    </message>
    <message>
        <source>Grade {grade} hazardous goods worth {value} cannot be resold safely, so they are written off to certified disposal in the hazmat cage.</source>
        <translation>Gevaarlijke goederen klasse {grade} met een waarde van {value} kunnen niet veilig worden doorverkocht, dus ze worden afgeschreven en gecertificeerd afgevoerd via de hazmat-kooi.</translation>
    </message>
    <message>
        <source>Battery recycling drum</source>
        <translation>Batterij-recyclingvat</translation>
    </message>
    <message>
        <source>Grade {grade} goods with a battery go to the battery recycling drum so the cells are handled safely.</source>
        <translation>Goederen klasse {grade} met een batterij gaan naar het batterij-recyclingvat, zodat de cellen veilig worden verwerkt.</translation>
    </message>
    <message>
        <source>RTV staging: {supplier}</source>
        <translation>RTV-klaarzetplaats: {supplier}</translation>
    </message>
    <message>
        <source>{supplier} takes back defective goods under its return agreement, so this grade {grade} unit worth {value} goes to RTV staging for credit.</source>
        <translation>{supplier} neemt defecte goederen terug volgens de retourafspraak, dus deze eenheid klasse {grade} met een waarde van {value} gaat naar de RTV-klaarzetplaats voor creditering.</translation>
    </message>
    <message>
        <source>Restock: electronics A-zone</source>
        <translation>Terug op voorraad: elektronica A-zone</translation>
    </message>
    <message>
        <source>Sealed grade A electronics worth {value} go straight back to stock as new.</source>
        <translation>Verzegelde elektronica klasse A met een waarde van {value} gaat direct terug op voorraad als nieuw.</translation>
    </message>
    <message>
        <source>Open-box shelf: electronics (function test first)</source>
        <translation>Open-doos-schap: elektronica (eerst functietest)</translation>
    </message>
    <message>
        <source>Grade A electronics worth {value} in opened packaging are function-tested and sold as open box.</source>
        <translation>Elektronica klasse A met een waarde van {value} in geopende verpakking wordt functioneel getest en als open doos verkocht.</translation>
    </message>
    <message>
        <source>Refurb cage: test, wipe and repackage</source>
        <translation>Refurb-kooi: testen, wissen en herverpakken</translation>
    </message>
    <message>
        <source>Grade B electronics worth {value} go to refurbishment: tested, wiped and repackaged before resale.</source>
        <translation>Elektronica klasse B met een waarde van {value} gaat naar refurbishment: getest, gewist en herverpakt vóór doorverkoop.</translation>
    </message>
    <message>
        <source>Refurb cage: repair bench</source>
        <translation>Refurb-kooi: reparatiebank</translation>
    </message>
    <message>
        <source>Grade C electronics worth {value} (at least €100.00) are worth repairing, so they go to the refurb repair bench.</source>
        <translation>Elektronica klasse C met een waarde van {value} (minstens €100.00) is reparatie waard, dus gaat naar de refurb-reparatiebank.</translation>
    </message>
    <message>
        <source>Liquidation pallet: electronics (as is / for parts)</source>
        <translation>Liquidatiepallet: elektronica (zoals het is / voor onderdelen)</translation>
    </message>
    <message>
        <source>Grade {grade} electronics worth {value} are not worth repairing, so they are liquidated as is or for parts.</source>
        <translation>Elektronica klasse {grade} met een waarde van {value} is reparatie niet waard, dus wordt geliquideerd zoals het is of voor onderdelen.</translation>
    </message>
    <message>
        <source>E-waste recycling cage</source>
        <translation>E-waste-recyclingkooi</translation>
    </message>
    <message>
        <source>Grade X electronics are unsellable, so they go to certified e-waste recycling.</source>
        <translation>Elektronica klasse X is onverkoopbaar, dus gaat naar gecertificeerde e-waste-recycling.</translation>
    </message>
    <message>
        <source>Restock: apparel pick face</source>
        <translation>Terug op voorraad: kleding-pickplaats</translation>
    </message>
    <message>
        <source>Grade A apparel worth {value} is unworn with tags, so it goes straight back to stock.</source>
        <translation>Kleding klasse A met een waarde van {value} is ongedragen met labels, dus gaat direct terug op voorraad.</translation>
    </message>
    <message>
        <source>Apparel rework: steam, re-tag and repack</source>
        <translation>Kleding herbewerken: stomen, nieuw label en herverpakken</translation>
    </message>
    <message>
        <source>Grade B apparel worth {value} is steamed, re-tagged and repacked, then restocked.</source>
        <translation>Kleding klasse B met een waarde van {value} wordt gestoomd, opnieuw gelabeld en herverpakt, en daarna terug op voorraad gezet.</translation>
    </message>
    <message>
        <source>Apparel rework: clean, then second-quality rail</source>
        <translation>Kleding herbewerken: reinigen, dan rek tweede keus</translation>
    </message>
    <message>
        <source>Grade C apparel worth {value} is cleaned and sold as second quality.</source>
        <translation>Kleding klasse C met een waarde van {value} wordt gereinigd en als tweede keus verkocht.</translation>
    </message>
    <message>
        <source>Donation bin: textiles</source>
        <translation>Donatiebak: textiel</translation>
    </message>
    <message>
        <source>Grade D apparel cannot be resold but is still wearable, so it is donated.</source>
        <translation>Kleding klasse D kan niet worden doorverkocht maar is nog draagbaar, dus wordt gedoneerd.</translation>
    </message>
    <message>
        <source>Textile recycling bale</source>
        <translation>Textielrecyclingbaal</translation>
    </message>
    <message>
        <source>Grade X apparel is unsellable and unwearable, so it goes to textile recycling.</source>
        <translation>Kleding klasse X is onverkoopbaar en ondraagbaar, dus gaat naar textielrecycling.</translation>
    </message>
    <message>
        <source>Restock: home goods</source>
        <translation>Terug op voorraad: huishoudelijke artikelen</translation>
    </message>
    <message>
        <source>Grade A home goods worth {value} go straight back to stock as new.</source>
        <translation>Huishoudelijke artikelen klasse A met een waarde van {value} gaan direct terug op voorraad als nieuw.</translation>
    </message>
    <message>
        <source>Open-box shelf: home goods</source>
        <translation>Open-doos-schap: huishoudelijke artikelen</translation>
    </message>
    <message>
        <source>Grade B home goods worth {value} are repacked and sold as open box.</source>
        <translation>Huishoudelijke artikelen klasse B met een waarde van {value} worden herverpakt en als open doos verkocht.</translation>
    </message>
    <message>
        <source>Liquidation pallet: home goods</source>
        <translation>Liquidatiepallet: huishoudelijke artikelen</translation>
    </message>
    <message>
        <source>Grade C home goods worth {value} (at least €50.00) still fetch a price, so they are liquidated.</source>
        <translation>Huishoudelijke artikelen klasse C met een waarde van {value} (minstens €50.00) brengen nog iets op, dus worden geliquideerd.</translation>
    </message>
    <message>
        <source>Donation bin: home goods</source>
        <translation>Donatiebak: huishoudelijke artikelen</translation>
    </message>
    <message>
        <source>Grade {grade} home goods worth {value} are not resellable, so they are donated.</source>
        <translation>Huishoudelijke artikelen klasse {grade} met een waarde van {value} zijn niet doorverkoopbaar, dus worden gedoneerd.</translation>
    </message>
    <message>
        <source>Recycling: mixed materials</source>
        <translation>Recycling: gemengde materialen</translation>
    </message>
    <message>
        <source>Grade X home goods are unsellable, so they are recycled.</source>
        <translation>Huishoudelijke artikelen klasse X zijn onverkoopbaar, dus worden gerecycled.</translation>
    </message>
    <message>
        <source>Restock: general</source>
        <translation>Terug op voorraad: algemeen</translation>
    </message>
    <message>
        <source>Grade A {category} goods worth {value} go straight back to stock as new.</source>
        <translation>Goederen ({category}) klasse A met een waarde van {value} gaan direct terug op voorraad als nieuw.</translation>
    </message>
    <message>
        <source>Open-box shelf: general</source>
        <translation>Open-doos-schap: algemeen</translation>
    </message>
    <message>
        <source>Grade B {category} goods worth {value} are repacked and sold as open box.</source>
        <translation>Goederen ({category}) klasse B met een waarde van {value} worden herverpakt en als open doos verkocht.</translation>
    </message>
    <message>
        <source>Liquidation pallet: general</source>
        <translation>Liquidatiepallet: algemeen</translation>
    </message>
    <message>
        <source>Grade {grade} {category} goods worth {value} cannot be sold through our channels, so they are liquidated.</source>
        <translation>Goederen ({category}) klasse {grade} met een waarde van {value} kunnen niet via onze kanalen worden verkocht, dus worden geliquideerd.</translation>
    </message>
    <message>
        <source>Grade {grade} {category} goods have no resale route, so they are recycled rather than sent to landfill.</source>
        <translation>Goederen ({category}) klasse {grade} hebben geen doorverkoopkanaal, dus worden gerecycled in plaats van gestort.</translation>
    </message>
    <message>
        <source>No return authorization was found for {sku}, so it is an unexpected item and no refund can be issued until a lead decides.</source>
        <translation>Er is geen retourmachtiging gevonden voor {sku}, dus het is een onverwacht artikel en er kan geen terugbetaling volgen tot een teamleider beslist.</translation>
    </message>
    <message>
        <source>The scanned order does not match order {order} of RMA {rma}, so there is no proof of purchase and the return is not eligible.</source>
        <translation>De gescande order komt niet overeen met order {order} van RMA {rma}, dus er is geen aankoopbewijs en de retour komt niet in aanmerking.</translation>
    </message>
    <message>
        <source>{sku} ({description}) is sold as non-returnable and the reason '{reason}' is not a seller fault, so it is not eligible.</source>
        <translation>{sku} ({description}) wordt verkocht als niet-retourneerbaar en de reden '{reason}' is geen fout van de verkoper, dus het komt niet in aanmerking.</translation>
    </message>
    <message>
        <source>Received {days} days after delivery, beyond the {window}-day return window for '{reason}' returns, so it is not eligible.</source>
        <translation>Ontvangen {days} dagen na levering, buiten de retourtermijn van {window} dagen voor retouren wegens '{reason}', dus het komt niet in aanmerking.</translation>
    </message>
    <message>
        <source>Apparel returned for '{reason}' must have its tags attached; the tags were removed, so it is not eligible.</source>
        <translation>Kleding die retour komt wegens '{reason}' moet de labels nog hebben; de labels zijn verwijderd, dus het komt niet in aanmerking.</translation>
    </message>
    <message>
        <source>Apparel returned for '{reason}' must be unworn; this item has been worn, so it is not eligible.</source>
        <translation>Kleding die retour komt wegens '{reason}' moet ongedragen zijn; dit artikel is gedragen, dus het komt niet in aanmerking.</translation>
    </message>
    <message>
        <source>Home goods returned for '{reason}' must be unused; this item shows signs of use, so it is not eligible.</source>
        <translation>Huishoudelijke artikelen die retour komen wegens '{reason}' moeten ongebruikt zijn; dit artikel vertoont gebruikssporen, dus het komt niet in aanmerking.</translation>
    </message>
    <message>
        <source>Electronics returned for '{reason}' must come back in their original packaging; the packaging is missing, so it is not eligible.</source>
        <translation>Elektronica die retour komt wegens '{reason}' moet in de originele verpakking terugkomen; de verpakking ontbreekt, dus het komt niet in aanmerking.</translation>
    </message>
    <message>
        <source>RMA {rma} has no delivery date, so the {window}-day return window cannot be checked; the return is accepted.</source>
        <translation>RMA {rma} heeft geen leverdatum, dus de retourtermijn van {window} dagen kan niet worden gecontroleerd; de retour wordt geaccepteerd.</translation>
    </message>
    <message>
        <source>Received {days} days after delivery, beyond the standard {standard_window}-day window, but '{reason}' returns are accepted for {window} days, so it is eligible.</source>
        <translation>Ontvangen {days} dagen na levering, buiten de standaardtermijn van {standard_window} dagen, maar retouren wegens '{reason}' worden {window} dagen geaccepteerd, dus het komt in aanmerking.</translation>
    </message>
    <message>
        <source>Received {days} days after delivery, within the {window}-day return window, so it is eligible.</source>
        <translation>Ontvangen {days} dagen na levering, binnen de retourtermijn van {window} dagen, dus het komt in aanmerking.</translation>
    </message>
    <message>
        <source>No return authorization matches {sku}: the unit is an unexpected item and needs a lead's decision.</source>
        <translation>Geen retourmachtiging past bij {sku}: de eenheid is een onverwacht artikel en een teamleider moet beslissen.</translation>
    </message>
    <message>
        <source>{sku} is not on RMA {rma}: the customer sent a different item than authorized.</source>
        <translation>{sku} staat niet op RMA {rma}: de klant heeft een ander artikel gestuurd dan toegestaan.</translation>
    </message>
    <message>
        <source>The return is not eligible for a refund: a lead decides whether we keep the unit or send it back to the customer.</source>
        <translation>De retour komt niet in aanmerking voor terugbetaling: een teamleider beslist of we de eenheid houden of terugsturen naar de klant.</translation>
    </message>
    <message>
        <source>{sku} is serialized but no serial number was scanned: scan the serial plate or have a lead approve.</source>
        <translation>{sku} heeft een serienummer maar er is geen serienummer gescand: scan het typeplaatje of laat een teamleider goedkeuren.</translation>
    </message>
    <message>
        <source>Scanned serial {serial} does not match the serial on RMA {rma} ({expected_serials}): the unit may not be the one we shipped.</source>
        <translation>Gescand serienummer {serial} komt niet overeen met het serienummer op RMA {rma} ({expected_serials}): de eenheid is mogelijk niet degene die we hebben verzonden.</translation>
    </message>
    <message>
        <source>The unit is damaged ({code_texts}) and the cause is recorded as '{answer_damage_cause}', not the carrier: a lead must approve the outcome.</source>
        <translation>De eenheid is beschadigd ({code_texts}) en de oorzaak is vastgelegd als '{answer_damage_cause}', niet de vervoerder: een teamleider moet de uitkomst goedkeuren.</translation>
    </message>
    <message>
        <source>Measured {measured_g} against an expected {expected_g} ± {tolerance_g} ({deviation_g} {weight_status}): parts may be missing, the box may be empty or hold a different item.</source>
        <translation>Gemeten {measured_g} tegen een verwachte {expected_g} ± {tolerance_g} ({deviation_g} {weight_status}): er kunnen onderdelen ontbreken, de doos kan leeg zijn of een ander artikel bevatten.</translation>
    </message>
    <message>
        <source>The unit is worth {value}, above the €500.00 limit, and is suggested for {disposition}: a lead must approve the loss.</source>
        <translation>De eenheid is {value} waard, boven de limiet van €500.00, en de voorgestelde bestemming is {disposition}: een teamleider moet het verlies goedkeuren.</translation>
    </message>
    <message>
        <source>The risk score is {risk} of 100 (70 or more holds the unit): a lead must review this return.</source>
        <translation>De risicoscore is {risk} van 100 (70 of meer blokkeert de eenheid): een teamleider moet deze retour beoordelen.</translation>
    </message>
    <message>
        <source>Does not power on</source>
        <translation>Gaat niet aan</translation>
    </message>
    <message>
        <source>Screen cracked or scratched</source>
        <translation>Scherm gebarsten of bekrast</translation>
    </message>
    <message>
        <source>Accessories missing</source>
        <translation>Accessoires ontbreken</translation>
    </message>
    <message>
        <source>Not reset to factory settings</source>
        <translation>Niet teruggezet naar fabrieksinstellingen</translation>
    </message>
    <message>
        <source>Packaging opened</source>
        <translation>Verpakking geopend</translation>
    </message>
    <message>
        <source>Packaging damaged</source>
        <translation>Verpakking beschadigd</translation>
    </message>
    <message>
        <source>Packaging missing</source>
        <translation>Verpakking ontbreekt</translation>
    </message>
    <message>
        <source>Physical damage (dents, cracks, breaks)</source>
        <translation>Fysieke schade (deuken, barsten, breuken)</translation>
    </message>
    <message>
        <source>Manufacturing defect</source>
        <translation>Fabricagefout</translation>
    </message>
    <message>
        <source>Tags removed</source>
        <translation>Labels verwijderd</translation>
    </message>
    <message>
        <source>Worn</source>
        <translation>Gedragen</translation>
    </message>
    <message>
        <source>Stains or odour</source>
        <translation>Vlekken of geur</translation>
    </message>
    <message>
        <source>Fabric damaged (tears, holes, broken zip)</source>
        <translation>Stof beschadigd (scheuren, gaten, kapotte rits)</translation>
    </message>
    <message>
        <source>Parts missing</source>
        <translation>Onderdelen ontbreken</translation>
    </message>
    <message>
        <source>Signs of use</source>
        <translation>Gebruikssporen</translation>
    </message>
    <message>
        <source>The unit does not power on and is physically damaged, so it is grade {grade} (unsellable); findings: {code_texts}.</source>
        <translation>De eenheid gaat niet aan en is fysiek beschadigd, dus klasse {grade} (onverkoopbaar); bevindingen: {code_texts}.</translation>
    </message>
    <message>
        <source>The unit does not power on, so it is grade {grade} (parts or salvage); findings: {code_texts}.</source>
        <translation>De eenheid gaat niet aan, dus klasse {grade} (onderdelen of restwaarde); bevindingen: {code_texts}.</translation>
    </message>
    <message>
        <source>The screen is cracked or scratched, so the unit is grade {grade}; findings: {code_texts}.</source>
        <translation>Het scherm is gebarsten of bekrast, dus de eenheid is klasse {grade}; bevindingen: {code_texts}.</translation>
    </message>
    <message>
        <source>The unit is physically damaged (cause: {answer_damage_cause}), so it is grade {grade}; findings: {code_texts}.</source>
        <translation>De eenheid is fysiek beschadigd (oorzaak: {answer_damage_cause}), dus klasse {grade}; bevindingen: {code_texts}.</translation>
    </message>
    <message>
        <source>The unit has a manufacturing defect, so it is grade {grade}; findings: {code_texts}.</source>
        <translation>De eenheid heeft een fabricagefout, dus klasse {grade}; bevindingen: {code_texts}.</translation>
    </message>
    <message>
        <source>Accessories are missing, so the unit cannot be sold as new and is grade {grade}; findings: {code_texts}.</source>
        <translation>Er ontbreken accessoires, dus de eenheid kan niet als nieuw worden verkocht en is klasse {grade}; bevindingen: {code_texts}.</translation>
    </message>
    <message>
        <source>The unit still holds an account or personal data and must be wiped, so it is grade {grade}; findings: {code_texts}.</source>
        <translation>De eenheid bevat nog een account of persoonlijke gegevens en moet worden gewist, dus klasse {grade}; bevindingen: {code_texts}.</translation>
    </message>
    <message>
        <source>The retail packaging is damaged, so the unit cannot be sold as new and is grade {grade}; findings: {code_texts}.</source>
        <translation>De winkelverpakking is beschadigd, dus de eenheid kan niet als nieuw worden verkocht en is klasse {grade}; bevindingen: {code_texts}.</translation>
    </message>
    <message>
        <source>The retail packaging is missing, so the unit cannot be sold as new and is grade {grade}; findings: {code_texts}.</source>
        <translation>De winkelverpakking ontbreekt, dus de eenheid kan niet als nieuw worden verkocht en is klasse {grade}; bevindingen: {code_texts}.</translation>
    </message>
    <message>
        <source>The unit works, is complete and undamaged in opened packaging, so it is grade {grade} (like new, open box).</source>
        <translation>De eenheid werkt, is compleet en onbeschadigd in geopende verpakking, dus klasse {grade} (als nieuw, open doos).</translation>
    </message>
    <message>
        <source>The unit works, is complete, undamaged and sealed, so it is grade {grade} (like new).</source>
        <translation>De eenheid werkt, is compleet, onbeschadigd en verzegeld, dus klasse {grade} (als nieuw).</translation>
    </message>
    <message>
        <source>The item is both stained and damaged, so it is grade {grade} (unsellable); findings: {code_texts}.</source>
        <translation>Het artikel heeft vlekken en is beschadigd, dus klasse {grade} (onverkoopbaar); bevindingen: {code_texts}.</translation>
    </message>
    <message>
        <source>The fabric is damaged (cause: {answer_damage_cause}), so the item is grade {grade}; findings: {code_texts}.</source>
        <translation>De stof is beschadigd (oorzaak: {answer_damage_cause}), dus het artikel is klasse {grade}; bevindingen: {code_texts}.</translation>
    </message>
    <message>
        <source>The item has a manufacturing defect, so it is grade {grade}; findings: {code_texts}.</source>
        <translation>Het artikel heeft een fabricagefout, dus klasse {grade}; bevindingen: {code_texts}.</translation>
    </message>
    <message>
        <source>The item has stains or an odour and must be cleaned, so it is grade {grade}; findings: {code_texts}.</source>
        <translation>Het artikel heeft vlekken of een geur en moet worden gereinigd, dus klasse {grade}; bevindingen: {code_texts}.</translation>
    </message>
    <message>
        <source>The item has been worn, so it cannot be sold as new and is grade {grade}; findings: {code_texts}.</source>
        <translation>Het artikel is gedragen, dus kan niet als nieuw worden verkocht en is klasse {grade}; bevindingen: {code_texts}.</translation>
    </message>
    <message>
        <source>The tags were removed and must be replaced, so the item is grade {grade}; findings: {code_texts}.</source>
        <translation>De labels zijn verwijderd en moeten worden vervangen, dus het artikel is klasse {grade}; bevindingen: {code_texts}.</translation>
    </message>
    <message>
        <source>The item is unworn, clean, undamaged and has its tags, so it is grade {grade} (like new).</source>
        <translation>Het artikel is ongedragen, schoon, onbeschadigd en heeft zijn labels, dus klasse {grade} (als nieuw).</translation>
    </message>
    <message>
        <source>The item is both damaged and incomplete, so it is grade {grade} (unsellable); findings: {code_texts}.</source>
        <translation>Het artikel is beschadigd en onvolledig, dus klasse {grade} (onverkoopbaar); bevindingen: {code_texts}.</translation>
    </message>
    <message>
        <source>Parts are missing, so the item is grade {grade} (parts or salvage); findings: {code_texts}.</source>
        <translation>Er ontbreken onderdelen, dus het artikel is klasse {grade} (onderdelen of restwaarde); bevindingen: {code_texts}.</translation>
    </message>
    <message>
        <source>The item is physically damaged (cause: {answer_damage_cause}), so it is grade {grade}; findings: {code_texts}.</source>
        <translation>Het artikel is fysiek beschadigd (oorzaak: {answer_damage_cause}), dus klasse {grade}; bevindingen: {code_texts}.</translation>
    </message>
    <message>
        <source>The item shows signs of use, so it cannot be sold as new and is grade {grade}; findings: {code_texts}.</source>
        <translation>Het artikel vertoont gebruikssporen, dus kan niet als nieuw worden verkocht en is klasse {grade}; bevindingen: {code_texts}.</translation>
    </message>
    <message>
        <source>The original packaging is damaged or missing, so the item is grade {grade}; findings: {code_texts}.</source>
        <translation>De originele verpakking is beschadigd of ontbreekt, dus het artikel is klasse {grade}; bevindingen: {code_texts}.</translation>
    </message>
    <message>
        <source>The item is unused, complete, undamaged and in intact packaging, so it is grade {grade} (like new).</source>
        <translation>Het artikel is ongebruikt, compleet, onbeschadigd en in intacte verpakking, dus klasse {grade} (als nieuw).</translation>
    </message>
    <message>
        <source>The return is not eligible, so no refund is due for this unit worth {value}; a lead decides what happens to it.</source>
        <translation>De retour komt niet in aanmerking, dus er is geen terugbetaling voor deze eenheid van {value}; een teamleider beslist wat ermee gebeurt.</translation>
    </message>
    <message>
        <source>The customer asked for an exchange and the return is eligible, so a replacement ships by {due}.</source>
        <translation>De klant vroeg om een omruiling en de retour komt in aanmerking, dus een vervangend artikel wordt uiterlijk {due} verzonden.</translation>
    </message>
    <message>
        <source>The customer asked for store credit, so {value} is credited within 24 hours, by {due}.</source>
        <translation>De klant vroeg om tegoed, dus {value} wordt binnen 24 uur gecrediteerd, uiterlijk {due}.</translation>
    </message>
    <message>
        <source>The return is our fault ('{reason}'), so the full {value} is refunded by {due}.</source>
        <translation>De retour is onze fout ('{reason}'), dus het volledige bedrag van {value} wordt uiterlijk {due} terugbetaald.</translation>
    </message>
    <message>
        <source>The customer no longer needs the item and it cannot be resold as new (grade {grade}), so {refund_amount} is refunded by {due} after a {fee} restocking fee of {fee_amount}.</source>
        <translation>De klant heeft het artikel niet meer nodig en het kan niet als nieuw worden verkocht (klasse {grade}), dus {refund_amount} wordt uiterlijk {due} terugbetaald na {fee} herbevoorradingskosten van {fee_amount}.</translation>
    </message>
    <message>
        <source>The item came back for '{reason}' in grade {grade}, so {refund_amount} is refunded by {due} after a {fee} restocking fee of {fee_amount}.</source>
        <translation>Het artikel kwam terug wegens '{reason}' in klasse {grade}, dus {refund_amount} wordt uiterlijk {due} terugbetaald na {fee} herbevoorradingskosten van {fee_amount}.</translation>
    </message>
    <message>
        <source>The return is eligible, so the full {value} is refunded by {due}.</source>
        <translation>De retour komt in aanmerking, dus het volledige bedrag van {value} wordt uiterlijk {due} terugbetaald.</translation>
    </message>
    <message>
        <source>no due date</source>
        <translation>geen vervaldatum</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>in orde</translation>
    </message>
    <message>
        <source>under</source>
        <translation>te licht</translation>
    </message>
    <message>
        <source>over</source>
        <translation>te zwaar</translation>
    </message>
    <message>
        <source>electronics</source>
        <translation>elektronica</translation>
    </message>
    <message>
        <source>apparel</source>
        <translation>kleding</translation>
    </message>
    <message>
        <source>home</source>
        <translation>huishoudelijk</translation>
    </message>
    <message>
        <source>toys</source>
        <translation>speelgoed</translation>
    </message>
    <message>
        <source>beauty</source>
        <translation>verzorging</translation>
    </message>
</context>
<context>
    <name>QtCamera</name>
    <message>
        <source>No camera{wanted} found — check its cable. Using the test pattern: P takes a test picture.</source>
        <translation>Geen camera{wanted} gevonden — controleer de kabel. Testbeeld in gebruik: P maakt een testfoto.</translation>
    </message>
    <message>
        <source>Live: {camera}. P takes the picture.</source>
        <translation>Live: {camera}. P maakt de foto.</translation>
    </message>
    <message>
        <source>Camera failed ({error}) — using the test pattern. Call IT if it repeats.</source>
        <translation>Camera werkt niet ({error}) — testbeeld in gebruik. Bel IT als het opnieuw gebeurt.</translation>
    </message>
    <message>
        <source>The picture was not taken ({error}). Press P again.</source>
        <translation>De foto is niet gemaakt ({error}). Druk nogmaals op P.</translation>
    </message>
    <message>
        <source>The camera is not ready yet — press P again.</source>
        <translation>De camera is nog niet klaar — druk nogmaals op P.</translation>
    </message>
</context>
<context>
    <name>SettingsScreen</name>
    <message>
        <source>Settings — saved to {path}</source>
        <translation>Instellingen — opgeslagen in {path}</translation>
    </message>
    <message>
        <source>Station and hub</source>
        <translation>Station en hub</translation>
    </message>
    <message>
        <source>Devices and printer</source>
        <translation>Apparaten en printer</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Taal</translation>
    </message>
    <message>
        <source>Station id</source>
        <translation>Station-id</translation>
    </message>
    <message>
        <source>Station name</source>
        <translation>Stationnaam</translation>
    </message>
    <message>
        <source>Hub URL</source>
        <translation>Hub-URL</translation>
    </message>
    <message>
        <source>Verify TLS</source>
        <translation>TLS controleren</translation>
    </message>
    <message>
        <source>Enrollment code</source>
        <translation>Aanmeldcode</translation>
    </message>
    <message>
        <source>Scanner</source>
        <translation>Scanner</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>Weegschaal</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>Printer</translation>
    </message>
    <message>
        <source>port</source>
        <translation>poort</translation>
    </message>
    <message>
        <source>baud rate</source>
        <translation>baudrate</translation>
    </message>
    <message>
        <source>protocol</source>
        <translation>protocol</translation>
    </message>
    <message>
        <source>type</source>
        <translation>soort</translation>
    </message>
    <message>
        <source>host</source>
        <translation>host</translation>
    </message>
    <message>
        <source>spooler queue</source>
        <translation>printwachtrij</translation>
    </message>
    <message>
        <source>folder</source>
        <translation>map</translation>
    </message>
    <message>
        <source>on</source>
        <translation>aan</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Opslaan</translation>
    </message>
    <message>
        <source>Close the station (lead)</source>
        <translation>Station afsluiten (teamleider)</translation>
    </message>
    <message>
        <source>one-time code from the hub</source>
        <translation>eenmalige code van de hub</translation>
    </message>
    <message>
        <source>Not saved: {error}</source>
        <translation>Niet opgeslagen: {error}</translation>
    </message>
    <message>
        <source>Saved. Device, hub and station changes apply at the next start; the language applies now.</source>
        <translation>Opgeslagen. Wijzigingen aan apparaten, hub en station gelden bij de volgende start; de taal meteen.</translation>
    </message>
</context>
<context>
    <name>SimulatePanel</name>
    <message>
        <source>Simulate devices (demo)</source>
        <translation>Apparaten simuleren (demo)</translation>
    </message>
    <message>
        <source>Scan RMA label</source>
        <translation>RMA-label scannen</translation>
    </message>
    <message>
        <source>Scan item barcode</source>
        <translation>Artikelbarcode scannen</translation>
    </message>
    <message>
        <source>Scale: item weight</source>
        <translation>Weegschaal: artikelgewicht</translation>
    </message>
    <message>
        <source>Scale: light box</source>
        <translation>Weegschaal: te lichte doos</translation>
    </message>
    <message>
        <source>Scale: lift off</source>
        <translation>Weegschaal: eraf halen</translation>
    </message>
    <message>
        <source>Camera: test photo</source>
        <translation>Camera: testfoto</translation>
    </message>
    <message>
        <source>Next parcel</source>
        <translation>Volgend pakket</translation>
    </message>
    <message>
        <source>Reload parcels</source>
        <translation>Pakketten herladen</translation>
    </message>
    <message>
        <source>any code, e.g. B2001 or RMA-0000001</source>
        <translation>elke code, bijv. B2001 of RMA-0000001</translation>
    </message>
    <message>
        <source>Scan this text</source>
        <translation>Deze tekst scannen</translation>
    </message>
</context>
<context>
    <name>TestPattern</name>
    <message>
        <source>Test pattern: P takes a test picture.</source>
        <translation>Testbeeld: P maakt een testfoto.</translation>
    </message>
    <message>
        <source>{error} — using the test pattern until IT fixes it.</source>
        <translation>{error} — testbeeld in gebruik tot IT het oplost.</translation>
    </message>
</context>
<context>
    <name>Vocabulary</name>
    <message>
        <source>Identify</source>
        <translation>Herkennen</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>Controleren</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>Beoordelen</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>Foto's</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>Bestemming</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Label</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>Blokkade</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Inloggen</translation>
    </message>
    <message>
        <source>restock</source>
        <translation>terug op voorraad</translation>
    </message>
    <message>
        <source>refurbish</source>
        <translation>opknappen</translation>
    </message>
    <message>
        <source>resell open box</source>
        <translation>verkopen als open doos</translation>
    </message>
    <message>
        <source>liquidate</source>
        <translation>opkoper</translation>
    </message>
    <message>
        <source>donate</source>
        <translation>doneren</translation>
    </message>
    <message>
        <source>recycle</source>
        <translation>recyclen</translation>
    </message>
    <message>
        <source>write off</source>
        <translation>afschrijven</translation>
    </message>
    <message>
        <source>return to vendor</source>
        <translation>terug naar leverancier</translation>
    </message>
    <message>
        <source>A like new</source>
        <translation>A als nieuw</translation>
    </message>
    <message>
        <source>B good</source>
        <translation>B goed</translation>
    </message>
    <message>
        <source>C fair</source>
        <translation>C redelijk</translation>
    </message>
    <message>
        <source>D parts/salvage</source>
        <translation>D onderdelen</translation>
    </message>
    <message>
        <source>X unsellable</source>
        <translation>X onverkoopbaar</translation>
    </message>
    <message>
        <source>full refund</source>
        <translation>volledige terugbetaling</translation>
    </message>
    <message>
        <source>refund less restocking fee</source>
        <translation>terugbetaling min verwerkingskosten</translation>
    </message>
    <message>
        <source>store credit</source>
        <translation>tegoed</translation>
    </message>
    <message>
        <source>exchange</source>
        <translation>omruilen</translation>
    </message>
    <message>
        <source>deny refund</source>
        <translation>geen terugbetaling</translation>
    </message>
    <message>
        <source>defective</source>
        <translation>defect</translation>
    </message>
    <message>
        <source>not as described</source>
        <translation>niet zoals beschreven</translation>
    </message>
    <message>
        <source>wrong item</source>
        <translation>verkeerd artikel</translation>
    </message>
    <message>
        <source>size mismatch</source>
        <translation>verkeerde maat</translation>
    </message>
    <message>
        <source>colour mismatch</source>
        <translation>verkeerde kleur</translation>
    </message>
    <message>
        <source>fulfilment error</source>
        <translation>fout bij verzending</translation>
    </message>
    <message>
        <source>damaged in transit</source>
        <translation>beschadigd tijdens transport</translation>
    </message>
    <message>
        <source>no longer needed</source>
        <translation>niet meer nodig</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Goedgekeurd</translation>
    </message>
    <message>
        <source>Denied</source>
        <translation>Afgekeurd</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>Geblokkeerd</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>verbonden</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>niet verbonden</translation>
    </message>
    <message>
        <source>error</source>
        <translation>fout</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>gereed</translation>
    </message>
    <message>
        <source>simulated</source>
        <translation>gesimuleerd</translation>
    </message>
    <message>
        <source>live</source>
        <translation>live</translation>
    </message>
    <message>
        <source>folder</source>
        <translation>map</translation>
    </message>
    <message>
        <source>test pattern</source>
        <translation>testbeeld</translation>
    </message>
    <message>
        <source>none</source>
        <translation>geen</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nee</translation>
    </message>
</context>
</TS>