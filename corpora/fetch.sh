#!/usr/bin/env bash
# Downloads the recipe's Debian packages (apt-get download: no root needed) into
# corpora/cache/debs and unpacks the files the corpus is made from into corpora/cache/root;
# and fetches the archive's description translations (DDTP) into corpora/cache/indexes
# with apt's own downloader.
# All are caches: a second run downloads and unpacks only what is missing.
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
    [ -e "$root/$package/.unpacked-5" ] && return 0
    mkdir -p "$root/$package/DEBIAN"
    # Debconf templates, with their translations merged in.
    dpkg-deb --info "$deb" templates > "$root/$package/DEBIAN/templates" 2> /dev/null || rm "$root/$package/DEBIAN/templates"
    dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$root/$package" --wildcards --no-anchored \
        '*/ko/LC_MESSAGES/*' '*/ko_KR/LC_MESSAGES/*' '*/ko/*.mo' '*/ko_KR/*.mo' '*/ko.mo' '*/ko_KR.mo' \
        '*ko.qm' '*ko.po' '*/ko/*.po' '*/copyright' \
        '*/help/ko/*.html' '*/help/en-US/*.html' '*/help/en/*.html' '*/help/ko/*.page' '*/help/C/*.page' \
        '*/crawl/dat/descript/*.txt' '*/cldr/common/main/ko.xml' '*/cldr/common/main/en.xml' \
        '*/cldr/common/annotations/ko.xml' '*/cldr/common/annotations/en.xml' \
        '*/apache2-doc/manual/ko/*' '*/apache2-doc/manual/en/*' '*/doc/debian/FAQ/*.html' \
        '*/doc/installation-guide-amd64/ko/*.html' '*/doc/installation-guide-amd64/en/*.html' \
        2> /dev/null || true
    touch "$root/$package/.unpacked-5"
}
export -f unpack
count=$(find "$debs" -name '*.deb' | wc -l)
echo "corpus: unpacking $count packages"
find "$debs" -name '*.deb' -print0 | xargs -0 -P "$(nproc)" -I{} bash -c 'unpack "$1" "$2"' _ {} "$root"
echo "corpus: $(find "$root" -name '*.mo' | wc -l) gettext catalogs, $(find "$root" -name '*.qm' | wc -l) Qt catalogs," \
    "$(find "$root" -name '*.html' -o -name '*.page' | wc -l) help pages"

# The archive's mirror and suite, as apt is configured to use them.
mirror=$(apt-get --print-uris download base-files 2> /dev/null | sed -n "s|^'\(.*\)/pool/.*|\1|p" | head -1)
suite=$(. /etc/os-release && echo "$VERSION_CODENAME")
indexes=cache/indexes
mkdir -p "$indexes"
fetch_index() {  # path in the suite, decompressor, name in the cache
    [ -s "$indexes/$3" ] && return 0
    /usr/lib/apt/apt-helper download-file "$mirror/dists/$suite/$1" "$indexes/$3.download" > /dev/null 2>&1 \
        || { echo "corpus: could not download $mirror/dists/$suite/$1" >&2; return 1; }
    $2 -dc "$indexes/$3.download" > "$indexes/$3" && rm "$indexes/$3.download"
}
fetch_index main/i18n/Translation-ko.bz2 bzip2 Translation-ko
fetch_index main/i18n/Translation-en.xz xz Translation-en
echo "corpus: $(grep -c '^Package:' "$indexes/Translation-ko") Korean package descriptions"

