/*
 * pages.h - the web pages (one resource per file) and their route table.
 */
#ifndef TRAPPE_PAGES_PAGES_H
#define TRAPPE_PAGES_PAGES_H

#include "http/http.h"

/* The route table of the web application. */
extern const struct route pages_routes[];
extern const size_t pages_nroutes;

void page_health(struct req *req);
void page_login(struct req *req);
void page_login_post(struct req *req);
void page_logout(struct req *req);
void page_worklist(struct req *req);
void page_caseload(struct req *req);
void page_review(struct req *req);
void page_extract(struct req *req);
void page_extract_post(struct req *req);
void page_search(struct req *req);
void page_search_post(struct req *req);
void page_child(struct req *req);
void page_consent_withdraw(struct req *req);
void page_inquiries(struct req *req);
void page_inquiry_new(struct req *req);
void page_inquiry_post(struct req *req);
void page_inbox(struct req *req);
void page_inbox_item(struct req *req);
void page_inbox_take(struct req *req);
void page_inbox_answer(struct req *req);
void page_form(struct req *req);
void page_form_post(struct req *req);
void page_edit(struct req *req);
void page_edit_post(struct req *req);
/* GET and POST /modtag: a notification about a child not known before (child, case, notification).
 */
void page_intake(struct req *req);
void page_intake_post(struct req *req);
void page_intake_search(struct req *req);
void page_leaders(struct req *req);
void page_leaders_data(struct req *req);
void page_leaders_note(struct req *req);
void page_leaders_note_css(struct req *req);
void page_config(struct req *req);
void page_strategy(struct req *req);
void page_strategy_new(struct req *req);
void page_strategy_edit(struct req *req);
void page_strategy_post(struct req *req);

#endif
