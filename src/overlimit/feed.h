/* The device feed's group committer (see feed.c). */
#ifndef SUNROAD_FEED_H
#define SUNROAD_FEED_H

#include "overlimit.h"

#include <jansson.h>

struct feed;

/* One POST from a device, from submission until done() is called on the
 * committer thread: then either rc is 0 and answer holds the JSON answer
 * (the receiver decrefs it), or rc and e say why nothing was stored. */
struct feed_request {
	char site[17];    /* the site of the request's key */
	struct slice body; /* CSV, a JSON array or a JSON object; the submitter's */
	int rc;
	struct err e;
	json_t *answer;
	void (*done)(struct feed_request *rq);
	void *arg;
	struct feed_request *next;
};

/* Starts the committer with its own connection to db_url. */
int feed_start(struct feed **out, const char *db_url, const struct rulebook *book, struct err *e);
/* Queues rq; its done() is called once it is committed or refused. */
void feed_submit(struct feed *f, struct feed_request *rq);
/* Stores what is queued, then stops the committer and frees f. */
void feed_stop(struct feed *f);

#endif
