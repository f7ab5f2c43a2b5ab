/* The HTTP routes of base (api.c). */
#ifndef SUNROAD_BASE_API_H
#define SUNROAD_BASE_API_H

#include "http.h"

/* Ends with a row whose pattern is NULL. */
extern const struct http_route base_routes[];

#endif
