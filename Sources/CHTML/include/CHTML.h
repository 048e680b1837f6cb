// Plain-C interface to libxml2's HTML and XML parsers: the text blocks of a page, in document
// order. No libxml2 type crosses it.
#ifndef IEUM_CHTML_H
#define IEUM_CHTML_H

#include <stdint.h>

/// Parses `length` bytes of HTML (UTF-8 unless the page declares otherwise) the way
/// browsers do, and lists its text blocks (p, h1–h6, li, td, th, dt, dd, pre, caption,
/// title; only the innermost where they nest) in document order. For each block it writes three NUL-terminated UTF-8 strings to
/// one buffer: the block's id attribute (empty if none), its element path from the root
/// ("html/body/div/p"), and its text content. Returns the buffer (free it with
/// ieum_html_free) and sets `count` to the number of blocks; NULL if the page cannot be
/// parsed at all.
char *ieum_html_blocks(const char *html, int32_t length, int32_t *count, int32_t *size);

/// The same for a Mallard help page (GNOME and MATE help, XML): its blocks are p, title,
/// subtitle, desc, td and th. NULL if the page is not well-formed XML.
char *ieum_mallard_blocks(const char *xml, int32_t length, int32_t *count, int32_t *size);

void ieum_html_free(char *blocks);

#endif
