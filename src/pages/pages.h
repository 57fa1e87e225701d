/*
 * pages.h - the web pages (one resource per file) and their route table.
 */
#ifndef TRAPPE_PAGES_PAGES_H
#define TRAPPE_PAGES_PAGES_H

#include "http/http.h"

/* The route table of the web application. */
extern const struct route pages_routes[];
extern const size_t pages_nroutes;

void page_home(struct req *req);
void page_health(struct req *req);

#endif
