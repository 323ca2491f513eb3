"""The dev half of the blind set's templates (the draw in generate_blind.py chose them): tune on these."""
# ruff: noqa: E501  (one template per line reads best)

# (name, kind, text with «slots»[, lowercase]); generate_blind.py says what each slot holds
# fmt: off
LABELLED: list[tuple[str, str, str] | tuple[str, str, str, bool]] = [
    ("chat_lower_intro", "sentence", "this is «p1» btw, «p2» gave me your number. i live in «city» now, my mobile is «phonei»", True),
    ("email_intro_colleague", "sentence", "Dear «p1l» family,\n\nI'm writing on behalf of «p2», who asked me to pass on her new contact details: «email» or «phonei». She has moved to «city».\n\nKind regards,\n«p3»"),
    ("form_registration", "code", "Registration form\nFirst name: «p1f»\nLast name: «p1l»\nStreet: «street»\nCity: «city»\nPostcode: «postcode»\nPhone: «phone»\nEmail: «email»\nDate of birth: «dob»"),
    ("form_kv_patient", "code", "PATIENT INTAKE\nName ........ «p1»\nDOB ......... «dob»\nAddress ..... «addr»\nContact ..... «phone»\nNext of kin .. «p2» («phonei»)"),
    ("csv_customers", "code", "id,name,email,phone,city\n«rowid»,«p1»,«email»,«phone»,«city»\n«rowid2»,«p2»,«email2»,«phone2»,«city2»"),
    ("json_customer", "json", '{"customer": {"name": "«p1»", "email": "«email»", "phone": "«phonei»", "address": "«addr»"}, "order": "«order»"}'),
    ("json_payment", "json", '{"payer": "«p1»", "card_number": "«card»", "iban": "«iban»", "amount": "«amount»", "status": "pending"}'),
    ("sms_delivery", "sentence", "Your courier «p1f» is on the way to «saddr». Track: «tracking». Reply STOP to opt out."),
    ("sms_bank_alert", "sentence", "ALERT: card «card» was used for «amount». Not you? Call «phonei» now. - Your Bank"),
    ("police_report", "sentence", "Witness statement taken from «p1», born «dob», of «addr». The witness states that «p2» was seen leaving at about «time». Witness contact: «phone»."),
    ("insurance_claim", "sentence", "Claim «claim» — policyholder «p1», «email». The vehicle was damaged outside «saddr» in «city». Payout to IBAN «iban»."),
    ("school_enrolment", "code", "Student: «p1»\nDate of birth: «dob»\nParent/guardian: «p2»\nPhone: «phone»\nEmail: «email»\nHome address: «addr»"),
    ("real_estate_listing", "sentence", "Open home this Saturday at «addr». Agent: «p1», «phonei». Enquiries to «email»."),
    ("rental_agreement", "sentence", "This agreement is made between «p1» (the Owner) and «p2» (the Renter), residing at «addrml». Deposit paid to «iban»."),
    ("it_helpdesk", "sentence", "User «p1» («email») reports VPN drops every 10 minutes from home in «city». Callback number «phone». Laptop asset «asset»."),
    ("pharmacy_label", "code", "Rx «rx»\nPatient: «p1l», «p1f»\nDOB: «dob»\nAddr: «addr»\nTake 1 tablet twice daily"),
    ("voicemail_transcript", "sentence", "Voicemail transcript: hi it's «p1» calling about the flat on «saddr», could you ring me back on «phone», thanks bye", True),
    ("newsletter_unsubscribe", "sentence", "Unsubscribe request received from «email» («p1», «city» «postcode»). Processed automatically."),
    ("conference_badge", "code", "BADGE\n«p1»\n«company»\n«city», «country»\nContact: «email»"),
    ("crm_activity_log", "code", "2 calls logged\n> «p1»: left voicemail on «phone»\n> «p2»: confirmed meeting at «saddr», «city»"),
    ("lost_and_found", "sentence", "Found: a wallet with a card («card») and a note with «p1f»'s number, «phone». If it's yours, collect it at the front desk."),
    ("gym_membership", "sentence", "Welcome to the gym, «p1»! Your membership is billed monthly to IBAN «iban». We'll text reminders to «phonei». Member since «member_year»."),
    ("neighbour_chat_lower", "sentence", "«p1f» next door said the parcel for «p2» went to «saddr» by mistake lol. her number is «phone»", True),
    ("address_change_form", "code", "CHANGE OF ADDRESS\nName: «p1»\nNew street: «street»\nTown/City: «city»\nPost code: «postcode»\nEffective: from next month"),
    ("payroll_csv", "code", "employee,national_id,iban\n«p1»,«natid»,«iban»\n«p2»,«natid2»,«iban2»"),
    ("tax_chat", "sentence", "my accountant «p1» needs my ID number for the return, it's «natid». she also asked for my date of birth: «dob»"),
]

CLEAN: list[tuple[str, str, str] | tuple[str, str, str, bool]] = [
    ("clean_release_notes", "sentence", "Release «version» fixes the crash on start-up, bumps the parser to «version2» and drops support for Python 3.8."),
    ("clean_meeting_agenda", "sentence", "Agenda:\n- budget review («amount»)\n- roadmap for «product»\n- any other business\nStart «time», room «room»."),
    ("clean_price_list", "code", "| Product | SKU | Price |\n|---|---|---|\n| «product» | «sku» | «amount» |\n| «product2» | «sku2» | «amount2» |"),
    ("clean_csv_inventory", "code", "sku,qty,price\n«sku»,«qty»,«amount»\n«sku2»,«qty2»,«amount2»"),
    ("clean_recipe", "sentence", "Preheat the oven to 180 °C. Mix «qty» eggs with 250 g flour, bake for «minutes» minutes, then rest for 10."),
    ("clean_tracking_update", "sentence", "Parcel «tracking» left the sorting centre at «time» and is out for delivery today."),
    ("clean_invoice_totals", "code", "Subtotal: «amount»\nDiscount (10%): «amount2»\nShipping: free\nInvoice «invoice» — due in 30 days"),
    ("clean_timetable", "code", "Route «route»: departs «time», arrives «time2», platform «room». Fare «amount»."),
]
# fmt: on
