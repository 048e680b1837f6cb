#!/usr/bin/env bash
# Downloads the recipe's Debian packages (apt-get download: no root needed) into
# corpora/cache/debs and unpacks the files the corpus is made from into corpora/cache/root.
# Both are caches: a second run downloads and unpacks only what is missing.
set -euo pipefail
cd "$(dirname "$0")"
debs=cache/debs
root=cache/root
mkdir -p "$debs" "$root"

mapfile -t packages < <(grep -v '^#' recipe/packages.txt | sed '/^$/d')
missing=()
for package in "${packages[@]}"; do
    compgen -G "$debs/${package}_*.deb" > /dev/null || missing+=("$package")
done
echo "corpus: ${#packages[@]} packages in the recipe, ${#missing[@]} to download"

if [ ${#missing[@]} -gt 0 ]; then
    if ! apt-cache show "${missing[0]}" > /dev/null 2>&1; then
        echo "corpus: apt does not know ${missing[0]}; run 'sudo apt-get update' (Debian 12 package lists) and try again" >&2
        exit 1
    fi
    batch=25
    for ((start = 0; start < ${#missing[@]}; start += batch)); do
        chunk=("${missing[@]:start:batch}")
        echo "corpus: downloading $((start + ${#chunk[@]}))/${#missing[@]} (${chunk[0]} …)"
        if ! (cd "$debs" && apt-get download -q=2 -o APT::Sandbox::User="$(id -un)" "${chunk[@]}" > /dev/null); then
            # One package at a time, so that one that vanished from the archive skips alone.
            for package in "${chunk[@]}"; do
                (cd "$debs" && apt-get download -q=2 -o APT::Sandbox::User="$(id -un)" "$package" > /dev/null 2>&1) \
                    || echo "corpus: could not download $package (network down, or gone from the archive); skipped" >&2
            done
        fi
    done
fi

# Unpack the Korean catalogs, the Korean and English help pages (HTML, Mallard), and the
# copyright files, one folder per package.
unpack() {
    local deb=$1 root=$2
    local package
    package=$(basename "$deb" | cut -d_ -f1)
    # The stamp names the layout: a change of what is unpacked unpacks every package again.
    [ -e "$root/$package/.unpacked-2" ] && return 0
    mkdir -p "$root/$package"
    dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$root/$package" --wildcards --no-anchored \
        '*/ko/LC_MESSAGES/*' '*ko.qm' '*/copyright' \
        '*/help/ko/*.html' '*/help/en-US/*.html' '*/help/en/*.html' '*/help/ko/*.page' '*/help/C/*.page' \
        2> /dev/null || true
    touch "$root/$package/.unpacked-2"
}
export -f unpack
count=$(find "$debs" -name '*.deb' | wc -l)
echo "corpus: unpacking $count packages"
find "$debs" -name '*.deb' -print0 | xargs -0 -P "$(nproc)" -I{} bash -c 'unpack "$1" "$2"' _ {} "$root"
echo "corpus: $(find "$root" -name '*.mo' | wc -l) gettext catalogs, $(find "$root" -name '*.qm' | wc -l) Qt catalogs," \
    "$(find "$root" -name '*.html' -o -name '*.page' | wc -l) help pages"
