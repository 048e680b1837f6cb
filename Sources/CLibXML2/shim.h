// libxml2's HTML and XML parsers, found through pkg-config (libxml2-dev).
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
