"""pyHanko's judgment of a signed Panelis document, for the document tests.

Usage: pyhanko_check.py FILE.pdf TRUST.pem

Validates the one signature of FILE with TRUST as the only trust root (offline, no
revocation fetching) and checks the PAdES baseline B-B requirements on what pyHanko
parsed: SubFilter ETSI.CAdES.detached, a signing-certificate-v2 signed attribute, no
signing-time signed attribute, and the signing time in the signature dictionary's /M.
Prints one JSON object: {"signatures", "summary", "coverage", "pades_b_b", "problems"},
and when the signer is not trusted, why ("trust_problem") and the certificates carried.
"""

import json
import sys

from asn1crypto import pem, x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext


def certificate(path):
    with open(path, "rb") as f:
        data = f.read()
    if pem.detect(data):
        _, _, data = pem.unarmor(data)
    return x509.Certificate.load(data)


def main(pdf_path, trust_path):
    context = ValidationContext(
        trust_roots=[certificate(trust_path)], allow_fetching=False
    )
    with open(pdf_path, "rb") as f:
        reader = PdfFileReader(f, strict=False)
        signatures = reader.embedded_signatures
        out = {"signatures": len(signatures), "problems": []}
        if len(signatures) != 1:
            out["problems"].append("expected one signature")
            print(json.dumps(out))
            return
        sig = signatures[0]
        status = validate_pdf_signature(sig, context, skip_diff=False)
        out["summary"] = status.summary()
        out["coverage"] = status.coverage.name if status.coverage else None
        if not status.trusted:
            # Why, for the failing test's message.
            out["trust_problem"] = str(status.trust_problem_indic)
            out["certificates"] = [
                c.chosen.subject.human_friendly for c in sig.signed_data["certificates"]
            ]
        attrs = [a["type"].native for a in sig.signer_info["signed_attrs"]]
        problems = out["problems"]
        if sig.sig_object.get("/SubFilter") != "/ETSI.CAdES.detached":
            problems.append("SubFilter is %s" % sig.sig_object.get("/SubFilter"))
        if "signing_certificate_v2" not in attrs:
            problems.append("no signing-certificate-v2 attribute")
        if "signing_time" in attrs:
            problems.append("a signing-time attribute (PAdES takes /M)")
        if "/M" not in sig.sig_object:
            problems.append("no /M")
        out["pades_b_b"] = not problems
        print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
