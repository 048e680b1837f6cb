// libxml2's HTML parser behind plain C types: text blocks with their ids and paths.
#include "CHTML.h"

#include <stdlib.h>
#include <string.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

static const char *html_blocks[] = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "dt", "dd", "pre", "caption", "title", NULL,
};
static const char *mallard_blocks[] = { "p", "title", "subtitle", "desc", "td", "th", NULL };

static int is_block(const xmlChar *name, const char **blocks) {
    for (const char **block = blocks; *block; block++) {
        if (xmlStrcasecmp(name, (const xmlChar *)*block) == 0) return 1;
    }
    return 0;
}

/// Whether a block element holds another: then only the inner ones are listed, so that no
/// text is listed twice.
static int contains_block(xmlNodePtr node, const char **blocks) {
    for (xmlNodePtr child = node->children; child; child = child->next) {
        if (child->type != XML_ELEMENT_NODE) continue;
        if (is_block(child->name, blocks) || contains_block(child, blocks)) return 1;
    }
    return 0;
}

/// A growable byte buffer.
typedef struct {
    char *bytes;
    int32_t size, capacity;
} buffer_t;

static void append(buffer_t *buffer, const char *text) {
    int32_t length = (int32_t)strlen(text) + 1;
    if (buffer->size + length > buffer->capacity) {
        int32_t capacity = 2 * buffer->capacity + length;
        buffer->bytes = realloc(buffer->bytes, (size_t)capacity);
        buffer->capacity = capacity;
    }
    memcpy(buffer->bytes + buffer->size, text, (size_t)length);
    buffer->size += length;
}

static void walk(xmlNodePtr node, const char **blocks, char *path, size_t path_length, buffer_t *out, int32_t *count) {
    for (; node; node = node->next) {
        if (node->type != XML_ELEMENT_NODE) continue;
        size_t name_length = strlen((const char *)node->name);
        size_t length = path_length;
        if (length + name_length + 2 < 1024) {
            if (length > 0) path[length++] = '/';
            memcpy(path + length, node->name, name_length);
            length += name_length;
            path[length] = '\0';
        }
        if (is_block(node->name, blocks) && !contains_block(node, blocks)) {
            xmlChar *id = xmlGetProp(node, (const xmlChar *)"id");
            xmlChar *text = xmlNodeGetContent(node);
            append(out, id ? (const char *)id : "");
            append(out, path);
            append(out, text ? (const char *)text : "");
            (*count)++;
            if (id) xmlFree(id);
            if (text) xmlFree(text);
        }
        walk(node->children, blocks, path, length, out, count);
        path[path_length] = '\0';
    }
}

/// Lists the blocks of a parsed document and frees it.
static char *blocks_of(xmlDocPtr document, const char **blocks, int32_t *count, int32_t *size) {
    *count = 0;
    *size = 0;
    if (!document) return NULL;
    buffer_t out = { malloc(4096), 0, 4096 };
    char path[1024] = "";
    walk(xmlDocGetRootElement(document), blocks, path, 0, &out, count);
    xmlFreeDoc(document);
    *size = out.size;
    return out.bytes;
}

char *ieum_html_blocks(const char *html, int32_t length, int32_t *count, int32_t *size) {
    htmlDocPtr document = htmlReadMemory(html, length, NULL, "UTF-8",
                                         HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    return blocks_of(document, html_blocks, count, size);
}

char *ieum_mallard_blocks(const char *xml, int32_t length, int32_t *count, int32_t *size) {
    xmlDocPtr document = xmlReadMemory(xml, length, NULL, "UTF-8", XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NONET);
    return blocks_of(document, mallard_blocks, count, size);
}

void ieum_html_free(char *blocks) {
    free(blocks);
}
