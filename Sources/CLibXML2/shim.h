// libxml2's HTML parser, found through pkg-config (libxml2-dev).
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
