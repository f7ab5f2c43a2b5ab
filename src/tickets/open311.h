/* Open311 (GeoReport v2) for the ticket desk (docs/open311.md): the
 * international interface of service requests, so that reporting apps and
 * city platforms send tickets in and read their status. Services are the
 * categories of rules/tickets.json; a request is a ticket of the channel
 * `web`, received through tickets_create; its service_request_id is the
 * ticket's number. Every route answers JSON or XML by its extension and
 * its errors as the specification's [{code, description}]. */
#ifndef SUNROAD_TICKETS_OPEN311_H
#define SUNROAD_TICKETS_OPEN311_H

#include "base/access.h"
#include "base/config.h"
#include "base/db.h"
#include "base/http.h"
#include "base/module.h"

/* The settings (module.c's table points into them). */
struct open311_settings {
	char jurisdiction[64]; /* the jurisdiction_id the interface answers to */
};
extern struct open311_settings open311_settings;

#define OPEN311_SETTINGS                                                                                             \
	{                                                                                                            \
		"open311_jurisdiction", "SUNROAD_OPEN311_JURISDICTION", SETTING_TEXT(open311_settings.jurisdiction), \
		    "sunroad", 0, 0, NULL,                                                                           \
		    "serve: the jurisdiction_id of the Open311 interface; requests naming another get 404"           \
	}

/* A new key for client (letters, digits, '.', '_', '-'; at most 48),
 * replacing its old one, written into key (NUL-terminated); only its
 * SHA-256 is stored. Audited `open311.key` by actor, never with the key.
 * ERR_INVALID for a bad client name. */
#define OPEN311_KEY_SIZE 72
int open311_key_new(struct db *db, const char *client, const char *actor, char key[OPEN311_KEY_SIZE], struct err *e);

/* The client whose live key is key: 1 with client[49] set, 0 when no
 * client has it, or a negative ERR_*. */
int open311_key_client(struct db *db, const char *key, char client[49], struct err *e);

/* `sunroad tickets key NAME`: prints the new key once. */
int open311_cmd_key(struct cli *cli);

/* The routes (GET/POST /open311/v2/...). Each answers itself, errors
 * included (in the specification's format): they return 0. */
int open311_discovery_get(struct http_request *rq, struct err *e);
int open311_services_get(struct http_request *rq, struct err *e);
int open311_service_get(struct http_request *rq, struct err *e);
int open311_requests_get(struct http_request *rq, struct err *e);
int open311_requests_post(struct http_request *rq, struct err *e);
int open311_request_get(struct http_request *rq, struct err *e);
int open311_token_get(struct http_request *rq, struct err *e);

/* Public routes: the POST checks the client's api_key itself. */
#define OPEN311_ROUTES                                                                        \
	{ HTTP_GET, "/open311/v2/discovery.json", open311_discovery_get, ACCESS_PUBLIC },     \
	    { HTTP_GET, "/open311/v2/discovery.xml", open311_discovery_get, ACCESS_PUBLIC },  \
	    { HTTP_GET, "/open311/v2/services.json", open311_services_get, ACCESS_PUBLIC },   \
	    { HTTP_GET, "/open311/v2/services.xml", open311_services_get, ACCESS_PUBLIC },    \
	    { HTTP_GET, "/open311/v2/services/{}", open311_service_get, ACCESS_PUBLIC },      \
	    { HTTP_GET, "/open311/v2/requests.json", open311_requests_get, ACCESS_PUBLIC },   \
	    { HTTP_GET, "/open311/v2/requests.xml", open311_requests_get, ACCESS_PUBLIC },    \
	    { HTTP_POST, "/open311/v2/requests.json", open311_requests_post, ACCESS_PUBLIC }, \
	    { HTTP_POST, "/open311/v2/requests.xml", open311_requests_post, ACCESS_PUBLIC },  \
	    { HTTP_GET, "/open311/v2/requests/{}", open311_request_get, ACCESS_PUBLIC },      \
	{                                                                                     \
		HTTP_GET, "/open311/v2/tokens/{}", open311_token_get, ACCESS_PUBLIC           \
	}

#endif
