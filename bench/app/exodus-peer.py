# The Exodus way (exodus-core static_analysis.py, re-implemented for the bench): unzip each
# classes*.dex, run Android's dexdump on it, collect class names with the regex
# [A-Z]+((?:\w+\/)+\w+), and test every signature with an unanchored re.search.
# Usage: python3 exodus-peer.py signatures.json APK...
import json, os, re, subprocess, sys, tempfile, zipfile

signatures = json.load(open(sys.argv[1]))  # [[sdk_id, signature], ...]
compiled = [(sdk, re.compile(sig)) for sdk, sig in signatures if len(sig) > 3]
class_re = re.compile(r'[A-Z]+((?:\w+\/)+\w+)')
out = {}
for apk in sys.argv[2:]:
    classes = set()
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(apk) as z:
        for name in z.namelist():
            if re.match(r'classes.*\.dex', name):
                path = z.extract(name, tmp)
                dump = subprocess.run(['dexdump', path], capture_output=True, text=True).stdout
                classes.update(class_re.findall(dump))
    found = sorted({sdk for sdk, sig in compiled for c in classes if sig.search(c)})
    out[os.path.basename(apk)] = {'classes': len(classes), 'sdks': found}
print(json.dumps(out))
