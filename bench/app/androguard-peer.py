# androguard (Debian package, the library Pithus and exodus-core use): open the APK, parse every
# DEX, list its classes, test the same signatures as Exodus does.
# Usage: /usr/bin/python3 androguard-peer.py signatures.json APK...
import json, os, re, sys
from androguard.core.bytecodes.apk import APK
from androguard.core.bytecodes.dvm import DalvikVMFormat

signatures = json.load(open(sys.argv[1]))
compiled = [(sdk, re.compile(sig)) for sdk, sig in signatures if len(sig) > 3]
out = {}
for path in sys.argv[2:]:
    apk = APK(path)
    classes = set()
    for dex in apk.get_all_dex():
        for c in DalvikVMFormat(dex).get_classes():
            name = c.get_name()
            classes.add((name.decode() if isinstance(name, bytes) else name)[1:-1])
    found = sorted({sdk for sdk, sig in compiled for c in classes if sig.search(c)})
    out[os.path.basename(path)] = {'classes': len(classes), 'sdks': found}
print(json.dumps(out))
