/* The table of modules: the generated list (scripts/embed.sh, one entry per
 * src/<module>/module.c) put in an order where base comes first and every
 * module after those it requires. */
#include "module.h"

#include <pthread.h>
#include <string.h>

extern const struct module *const module_list[];
extern const size_t module_list_count;

#define MAX_MODULES 64

static const struct module *ordered[MAX_MODULES];
static size_t nordered;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static const struct module *listed(const char *name)
{
	for (size_t i = 0; i < module_list_count; i++)
		if (strcmp(module_list[i]->name, name) == 0)
			return module_list[i];
	return NULL;
}

/* Depth first: a module is placed after everything it requires. A missing
 * or circular requirement is a build mistake, caught at the first start. */
static void place(const struct module *m, int depth)
{
	for (size_t i = 0; i < nordered; i++)
		if (ordered[i] == m)
			return;
	if (depth > MAX_MODULES)
		die("module %s: its requirements go round in a circle", m->name);
	if (strcmp(m->name, "base") != 0)
		place(listed("base"), depth + 1);
	for (const char *const *r = m->requires; r && *r; r++) {
		const struct module *needed = listed(*r);
		if (!needed)
			die("module %s requires module %s, which is not in this build", m->name, *r);
		place(needed, depth + 1);
	}
	for (size_t i = 0; i < nordered; i++)
		if (ordered[i] == m)
			return;
	ordered[nordered++] = m;
}

static void order(void)
{
	if (!listed("base") || module_list_count > MAX_MODULES)
		die("the build has no base module or too many modules");
	for (size_t i = 0; i < module_list_count; i++)
		place(module_list[i], 0);
}

const struct module *const *modules_ordered(size_t *n)
{
	pthread_once(&once, order);
	*n = nordered;
	return ordered;
}

size_t module_route_count(const struct module *m)
{
	size_t n = 0;
	while (m->routes && m->routes[n].pattern)
		n++;
	return n;
}
