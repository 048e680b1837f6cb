#!/usr/bin/env bash
# Seed corpora for the fuzz targets, from the test fixtures and the bundled files (Fuzz/.corpus, ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=Fuzz/.corpus
mkdir -p "$seeds"/{FuzzSafeTensors,FuzzModelConfig,FuzzVocabulary,FuzzGettextCatalog,FuzzQtCatalog,FuzzSentencePieceModel,FuzzTokenizer}
cp Tests/Fixtures/safetensors/*.safetensors "$seeds/FuzzSafeTensors/"
for model in Tests/Fixtures/marian/*/ Tests/Fixtures/mbart/*/; do
    model=${model%/}
    name=$(basename "$model")
    cp "$model/config.json" "$seeds/FuzzModelConfig/$name.json"
    [ -f "$model/model.safetensors" ] && [ "$(stat -c %s "$model/model.safetensors")" -lt 1000000 ] \
        && cp "$model/model.safetensors" "$seeds/FuzzSafeTensors/$name.safetensors"
    for spm in "$model"/*.spm; do [ -f "$spm" ] && cp "$spm" "$seeds/FuzzSentencePieceModel/$name-$(basename "$spm")"; done
done
cp models/ko-en/config.json "$seeds/FuzzModelConfig/ko-en.json"

cp Tests/Fixtures/qt/*.qm "$seeds/FuzzQtCatalog/"
head -300 vocab/ko-en.vocab > "$seeds/FuzzVocabulary/head.vocab"
# A small catalog compiled by msgfmt, and its text form.
printf 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\nPlural-Forms: nplurals=1; plural=0;\\n"\n\nmsgctxt "menu"\nmsgid "Open"\nmsgstr "열기"\n\nmsgid "%%d file"\nmsgid_plural "%%d files"\nmsgstr[0] "파일 %%d개"\n' \
    > "$seeds/FuzzGettextCatalog/small.po"
msgfmt -o "$seeds/FuzzGettextCatalog/small.mo" "$seeds/FuzzGettextCatalog/small.po"
split -l 1 -a 4 <(shuf -n 200 --random-source=<(yes) corpora/sample/ko-en.tsv) "$seeds/FuzzTokenizer/line-"
