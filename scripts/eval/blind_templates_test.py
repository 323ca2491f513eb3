"""The TEST half of the blind set's templates (the draw in generate_blind.py chose them).

DO NOT READ THIS FILE WHILE TUNING A DETECTOR. It is measured once, at the end, by whoever did not tune.
"""
# ruff: noqa: E501  (one template per line reads best)

# (name, kind, text with «slots»[, lowercase]); generate_blind.py says what each slot holds
# fmt: off
LABELLED: list[tuple[str, str, str] | tuple[str, str, str, bool]] = [
    ("chat_meetup", "sentence", "hey «p1f», it's «p2f» — are we still on for lunch? I'm at «saddr» near the station, text me on «phone» when you're close"),
    ("chat_lower_moving", "sentence", "omg «p1f» we finally moved!! new place is «addr». «p2f» says hi. call me on «phone» whenever", True),
    ("chat_card_help", "sentence", "can you check why my card «card» got declined? it's under «p1», billing postcode «postcode»"),
    ("support_ticket_shipping", "sentence", "Ticket #«ticket»\nCustomer: «p1»\nEmail: «email»\nPhone: «phone»\n\nHi, my parcel for order «order» never arrived. It should have gone to «addrml». Please advise.\n«p1f»"),
    ("support_ticket_refund", "sentence", "Subject: Refund request «order»\n\nHello team,\nI was charged twice on card «card». Please refund the duplicate of «amount» to the same card.\nThanks,\n«p1»\n«phonei»"),
    ("email_signature_sales", "sentence", "Hi «p1f»,\n\nThanks for the call today — the quote for «qty» licences of «product» is attached.\n\nBest regards,\n«p2»\nAccount Manager, «company»\n«saddr», «postcode» «city»\nTel. «phone» | «email2»"),
    ("letter_formal_address", "sentence", "«p1»\n«addrml»\n\nDear «p2»,\n\nThank you for your letter regarding the renewal of policy «policy». Please return the signed form to the address above.\n\nYours sincerely,\n«p3»"),
    ("letter_tenant_notice", "sentence", "NOTICE TO TENANT\n\nTo: «p1», «addr»\n\nThe landlord, «p2», will inspect the property next week. Questions can be directed to «phone».\n"),
    ("invoice_header", "code", "INVOICE «invoice»\nBill to: «p1»\n«addrml»\nVAT reg: not applicable\nItem: «product» x «qty» — «amount»\nPaid by card ending «cardend»\nIBAN for transfers: «iban»"),
    ("invoice_bank_details", "sentence", "Please pay «amount» within 14 days to account holder «p1», IBAN «iban». Reference: «invoice». Questions: «email»"),
    ("csv_shipping", "code", "order;recipient;street;postcode;town\n«order»;«p1»;«street»;«postcode»;«city»"),
    ("json_contact_list", "json", '[{"full_name": "«p1»", "mobile": "«phone»"}, {"full_name": "«p2»", "mobile": "«phone2»", "city": "«city»"}]'),
    ("medical_note_gp", "sentence", "Pt «p1», DOB «dob», seen today with a persistent cough, 3 weeks. Lives alone at «addr». GP: Dr «p2l». Review in 2 weeks; contact daughter «p3f» on «phone» if no improvement."),
    ("medical_referral", "sentence", "Referral letter\n\nRe: «p1» (born «dob»)\nNational ID: «natid»\n\nDear Dr «p2l»,\nI would be grateful if you could see this patient regarding ongoing knee pain. Home address: «addrml»\n\n«p3», GP"),
    ("hr_note_onboarding", "sentence", "HR note: new starter «p1» joins the «team» team on Monday. Emergency contact: «p2», «phone». Payroll IBAN «iban», tax ID «natid». Home: «addr»."),
    ("hr_note_leave", "sentence", "Leave request approved for «p1» (employee «empid»). Manager «p2» was informed. She can be reached on «phonei» while away."),
    ("bullets_contacts", "sentence", "Key contacts for the event:\n- «p1» (venue) — «phone»\n- «p2» (catering) — «email»\n- «p3» (AV) — «phonei»\nVenue address: «addr»"),
    ("markdown_table_staff", "code", "| Name | Phone | Office |\n|---|---|---|\n| «p1» | «phone» | «city» |\n| «p2» | «phone2» | «city2» |"),
    ("shipping_notice", "sentence", "SHIPPING NOTICE\nShip to: «p1»\n«addrml»\nTel: «phone»\nCarrier: «carrier»  Parcels: «qty»\nDeliver before noon please."),
    ("shipping_label_fields", "code", "SENDER: «company»\nRECIPIENT: «p1»\nSTREET: «street»\nPOSTCODE: «postcode»\nCITY: «city»\nCOUNTRY: «country»\nPHONE: «phonei»"),
    ("dating_profile_chat", "sentence", "I'm «p1f», 29, from «city». Add me — my email is «email» and my number is «phone» :)"),
    ("hotel_booking", "sentence", "Booking confirmation for «p1»\nGuest phone: «phonei»\nGuarantee: card «card»\nBilling address: «addr»\nCheck-in from 14:00."),
    ("wedding_rsvp", "sentence", "RSVP: «p1» and «p2» will attend. Please send the invitation to «saddr», «postcode» «city». Dietary: vegetarian."),
    ("bank_kyc", "code", "KYC CHECK\nFull name: «p1»\nDate of birth: «dob»\nID number: «natid»\nIBAN: «iban»\nResidential address: «addrml»"),
    ("payment_form_fields", "code", "cardholder=«p1»&card=«card»&zip=«postcode»&phone=«phonei»"),
    ("json_delivery_fields", "json", '{"recipient": "«p1»", "street": "«street»", "zip": "«postcode»", "city": "«city»", "phone": "«phone»"}'),
]

CLEAN: list[tuple[str, str, str] | tuple[str, str, str, bool]] = [
    ("clean_order_status", "sentence", "Order «order» shipped on the express service; «qty» items, total «amount». Expected within 3 working days."),
    ("clean_log_lines", "code", "«timestamp» INFO worker-«qty» processed batch «order» in «ms» ms\n«timestamp» WARN retry 2/5 for job «invoice»"),
    ("clean_json_config", "json", '{"service": "«service»", "version": "«version»", "replicas": «qty», "timeout_ms": «ms», "region": "eu-west-1"}'),
    ("clean_support_reply", "sentence", "Thanks for reaching out! Ticket «ticket» is now closed. If the «product» app still shows error «errcode», reinstall version «version»."),
    ("clean_sprint_chat", "sentence", "pushed the fix for «ticket» to main, build «build» is green. can someone review pr «pr» before standup?", True),
    ("clean_sms_otp", "sentence", "Your verification code is «otp». It expires in 10 minutes. Never share this code."),
    ("clean_stock_note", "sentence", "Shares closed up «pct» at «amount» on volume of «qty» million; the index rose «pct2»."),
    ("clean_api_docs", "code", "GET /v2/orders/«order»?limit=«qty» returns 200 with a JSON list; rate limit «ms» requests per minute."),
]
# fmt: on
