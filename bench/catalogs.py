"""Gettext catalogs held out from training, pre-translated by `ieum po translate --to ko`.

For each .mo catalog of the corpus's test split (whole catalogs: none of their pairs is in
train or dev) that `make corpus` unpacked into corpora/cache/root: msgunfmt gives the Korean
catalog, msgfilter empties its msgstr into a template, `ieum po translate --to ko` fills it,
`msgfmt -c` checks the result. Reports per catalog: entries filled, entries left out
(placeholders that would not survive), placeholder preservation (every printf, Python, Qt
placeholder, tag, entity and accelerator letter of the msgid found in the msgstr), and chrF
of the filled entries against the catalog's own translations (`ieum score`, which agrees
with sacreBLEU).

Usage: python3 bench/catalogs.py [--model DIR] [--catalogs 6]   (after make corpus)
"""
import argparse
import collections
import pathlib
import re
import subprocess
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
IEUM = ROOT / ".build" / "release" / "ieum"
PLACEHOLDER = re.compile(r"%(?:\d+\$)?[-+ #0]*\d*(?:\.\d+)?(?:hh|h|ll|l|L|z|j|t)?[diouxXeEfFgGcspn%]"  # printf
                         r"|%\(\w+\)[sdifr]"  # Python %(name)s
                         r"|\{\w*\}"  # Python {0} {name}
                         r"|%\d+"  # Qt %1
                         r"|</?\w+[^>]*>"  # tags
                         r"|&\w+;")  # entities


def entries(po_text):
    """msgid → msgstr of the singular, non-header entries of a catalog (msgunfmt's layout)."""
    found, key, current = {}, None, None
    for line in po_text.splitlines() + [""]:
        if line.startswith("msgid "):
            key, current = "msgid", [line[6:]]
        elif line.startswith("msgstr "):
            msgid = "".join(current)
            key, current = "msgstr", [line[7:]]
        elif line.startswith('"') and key:
            current.append(line)
        elif not line.strip() and key == "msgstr":
            text = "".join(current)
            unquote = lambda value: bytes(re.sub(r'"\s*"', "", value.strip()[1:-1]), "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")
            if msgid != '""':
                found[unquote(msgid)] = unquote(text)
            key = None
    return found


def accelerator(source):
    """The key letter of a message's accelerator: one `_` or `&` before a letter or digit, not
    in an entity, and `_` not inside a word that starts in lower case (an identifier)."""
    for marker in "_&":
        if source.count(marker) != 1 or (marker == "&" and re.search(r"&\w+;", source)):
            continue
        word = next(word for word in source.split() if marker in word)
        position = word.index(marker)
        if position + 1 < len(word) and word[position + 1].isalnum() and not (
                marker == "_" and position > 0 and (word[0].islower() or word[0].isdigit())):
            return word[position + 1].upper()
    return None


def keeps_placeholders(source, target):
    needed = collections.Counter(PLACEHOLDER.findall(source))
    found = collections.Counter(PLACEHOLDER.findall(target))
    key = accelerator(source)
    return all(found[item] >= count for item, count in needed.items()) and (key is None or bool(re.search(r"[_&]" + key, target, re.I)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(ROOT / "models" / "en-ko"))
    parser.add_argument("--catalogs", type=int, default=6)
    args = parser.parse_args()
    test = (ROOT / "corpora" / "build" / "test.tsv").read_text(encoding="utf-8").splitlines()
    sources = collections.Counter(line.split("\t")[2] for line in test if line.count("\t") >= 2)
    catalogs = [source for source, _ in sources.most_common() if source.endswith(".mo")][:args.catalogs]

    print(f"model {args.model}")
    print("| catalog | entries | filled | left out | placeholders kept | msgfmt -c | chrF |")
    print("| --- | ---: | ---: | ---: | ---: | --- | ---: |")
    totals = collections.Counter()
    with tempfile.TemporaryDirectory() as scratch:
        scratch = pathlib.Path(scratch)
        for catalog in catalogs:
            package, path = catalog.split(":", 1)
            mo = ROOT / "corpora" / "cache" / "root" / package / path
            korean = subprocess.run(["msgunfmt", str(mo)], capture_output=True, text=True, check=True).stdout
            (scratch / "ko.po").write_text(korean, encoding="utf-8")
            subprocess.run(["msgfilter", "--keep-header", "-i", str(scratch / "ko.po"), "-o", str(scratch / "blank.pot"), "sed", "-e", "d"],
                           check=True, capture_output=True)
            result = subprocess.run([str(IEUM), "po", "translate", "--to", "ko", "--model", args.model, str(scratch / "blank.pot")],
                                    capture_output=True, text=True)
            (scratch / "out.po").write_text(result.stdout, encoding="utf-8")
            checked = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(scratch / "out.po")], capture_output=True, text=True)
            reference, output = entries(korean), entries(result.stdout)
            filled = {msgid: text for msgid, text in output.items() if text and msgid in reference}
            kept = sum(keeps_placeholders(msgid, text) for msgid, text in filled.items())
            (scratch / "hyp").write_text("\n".join(text.replace("\n", " ") for text in filled.values()) + "\n", encoding="utf-8")
            (scratch / "ref").write_text("\n".join(reference[msgid].replace("\n", " ") for msgid in filled) + "\n", encoding="utf-8")
            score = subprocess.run([str(IEUM), "score", "--ref", str(scratch / "ref")], stdin=open(scratch / "hyp"),
                                   capture_output=True, text=True).stdout
            chrf = re.search(r"chrF2[^=]*=\s*([\d.]+)", score)
            left_out = result.stderr.count("\n")
            name = pathlib.Path(path).name
            print(f"| {name} | {len(reference)} | {len(filled)} | {left_out} | {kept}/{len(filled)} |"
                  f" {'clean' if checked.returncode == 0 else 'errors'} | {chrf.group(1) if chrf else '?'} |")
            totals.update(entries=len(reference), filled=len(filled), kept=kept, left_out=left_out, clean=checked.returncode == 0)
    print(f"\nall: {totals['filled']} of {totals['entries']} entries filled, {totals['left_out']} left out,"
          f" placeholders kept in {totals['kept']}/{totals['filled']}, msgfmt -c clean on {totals['clean']}/{len(catalogs)} catalogs")


if __name__ == "__main__":
    main()
