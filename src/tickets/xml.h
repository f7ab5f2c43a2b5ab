/* A small XML writer for the Open311 interface (open311.c): a JSON value
 * written as the XML document GeoReport v2 pairs with it, element for
 * member, so that each answer is built once and written in either format.
 * Knows nothing of Open311 but the names it is given. */
#ifndef SUNROAD_TICKETS_XML_H
#define SUNROAD_TICKETS_XML_H

#include "base/buf.h"

#include <jansson.h>
#include <stddef.h>

/* Appends text[0..n) to out as XML character data: & < > " ' escaped as
 * entities; a control character XML 1.0 cannot carry (below U+0020 but
 * tab, newline and carriage return) and the noncharacters U+FFFE and
 * U+FFFF written as U+FFFD. text is UTF-8. */
void xml_escape(struct buf *out, const char *text, size_t n);

/* The element name of an item of the list element `list` ("services" →
 * "service"). */
typedef const char *(*xml_item_name)(const char *list);

/* Appends the XML declaration and value as the element root: an object's
 * members as child elements in their order, an array's items as children
 * named by item_name(parent), null as an empty element (<name/>), true and
 * false, numbers as JSON writes them (reals to 10 significant digits),
 * strings escaped. Names are the caller's and written as they are. */
void xml_from_json(struct buf *out, const char *root, const json_t *value, xml_item_name item_name);

#endif
