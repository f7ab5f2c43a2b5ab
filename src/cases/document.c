/* The case documents as PDF (document.h): cairo's PDF surface, pango for
 * the Chinese text, libqrencode for the verification code.
 *
 * The pages are laid out twice: a dry pass that only measures, to learn
 * how many pages there are ("共 N 页" on the first page needs the last),
 * then the pass that draws. Both passes measure with the same pango
 * context, so they break lines and pages at the same places.
 *
 * Same content, same bytes: cairo 1.16 writes the time of the call as the
 * PDF's /CreationDate unless told otherwise, so both dates are set from the
 * document's day; it writes no /ID; the font subsets are named from their
 * glyphs; the font options are fixed so that the desktop's settings do not
 * leak in. tests/unit/cases/test_document.c compares two renderings in one
 * process and in two. */
#include "document.h"
#include "base/datetime.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <pthread.h>
#include <qrencode.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define FONT "Noto Serif CJK SC"

/* Points: the PDF's unit (1 mm = 72 / 25.4 pt). A4, with the margins of
 * the printed forms; the footer (QR code, access code, page number) sits
 * under the body. */
#define MM(x)    ((x)*72.0 / 25.4)
#define CELL_PAD MM(2.5) /* around the text of a form's cell */
static const double page_w = MM(210), page_h = MM(297);
static const double left = MM(28), right = MM(26), top = MM(28);
static const double body_bottom = MM(297 - 44); /* the footer is below */
static const double qr_size = MM(22), qr_top = MM(297 - 41);

/* Sizes in points, and the distance between baselines of each. */
enum { AGENCY_PT = 16, TITLE_PT = 22, BODY_PT = 12, SMALL_PT = 9 };
static const double body_lead = 20; /* 12 pt text at 1.67 */

static const char *const kind_titles[DOCUMENT_KINDS] = {
	[DOCUMENT_OPENING] = "立案审批表", [DOCUMENT_NOTICE] = "行政处罚告知书", [DOCUMENT_DECISION] = "行政处罚决定书",
	[DOCUMENT_RECEIPT] = "送达回证",   [DOCUMENT_DEMAND] = "催告书",         [DOCUMENT_CLOSING] = "结案报告",
};

const char *document_kind_title(enum document_kind kind)
{
	return (unsigned)kind < DOCUMENT_KINDS ? kind_titles[kind] : NULL;
}

/* ---- fonts, once per process ---------------------------------------------- */

/* fontconfig reads its configuration and scans the fonts the first time a
 * font is asked for; doing it once, under pthread_once, keeps server threads
 * from racing through that first time. Each thread then has its own pango
 * font map (pango_cairo_font_map_get_default is per thread since pango
 * 1.32.6), which caches the fonts it has opened for the thread's next
 * documents; cairo's own font caches are behind its locks. */
static pthread_once_t fonts_once = PTHREAD_ONCE_INIT;
static bool font_present;

static void fonts_load(void)
{
	PangoFontMap *map = pango_cairo_font_map_new();
	PangoContext *ctx = pango_font_map_create_context(map);
	PangoFontDescription *want = pango_font_description_from_string(FONT);
	PangoFont *font = pango_font_map_load_font(map, ctx, want);
	if (font) {
		PangoFontDescription *got = pango_font_describe(font);
		const char *family = pango_font_description_get_family(got);
		font_present = family && strcmp(family, FONT) == 0;
		pango_font_description_free(got);
		g_object_unref(font);
	}
	pango_font_description_free(want);
	g_object_unref(ctx);
	g_object_unref(map);
}

/* ---- the pen: where the next thing goes ------------------------------------- */

struct pen {
	cairo_t *cr;         /* NULL in the dry pass */
	PangoContext *pango; /* measures in both passes */
	const struct document *d;
	int page, pages; /* pages: the dry pass's count, for the footer */
	double y;        /* the top of the next line */
	QRcode *qr;
	char date_line[40];
};

/* A layout of plain text (no markup: the caller's text is never parsed)
 * in FONT at pt points, wrapped at width points when width > 0. The
 * caller unrefs it. */
static PangoLayout *layout_new(struct pen *p, const char *text, int pt, bool bold, double width)
{
	PangoLayout *l = pango_layout_new(p->pango);
	PangoFontDescription *fd = pango_font_description_from_string(FONT);
	pango_font_description_set_absolute_size(fd, pt * PANGO_SCALE);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	if (width > 0) {
		pango_layout_set_width(l, (int)(width * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	}
	pango_layout_set_text(l, text ? text : "", -1);
	return l;
}

/* The layout's size in points. */
static void layout_size(PangoLayout *l, double *w, double *h)
{
	PangoRectangle logical;
	pango_layout_get_extents(l, NULL, &logical);
	if (w)
		*w = (double)logical.width / PANGO_SCALE;
	if (h)
		*h = (double)logical.height / PANGO_SCALE;
}

/* Draws the whole layout with its top left at (x, y). */
static void show_at(struct pen *p, PangoLayout *l, double x, double y)
{
	if (!p->cr)
		return;
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, l);
}

/* One line of small text with its top at y, centred on x or starting at x. */
static void small_text(struct pen *p, const char *text, double x, double y, bool centred)
{
	PangoLayout *l = layout_new(p, text, SMALL_PT, false, 0);
	double w;
	layout_size(l, &w, NULL);
	show_at(p, l, centred ? x - w / 2 : x, y);
	g_object_unref(l);
}

/* The QR code, its access code and the page number, at the foot of each
 * page. The QR code is filled as one path of its dark modules' runs, with
 * a quiet zone of four modules around it. */
static void footer(struct pen *p)
{
	if (!p->cr)
		return;
	cairo_t *cr = p->cr;
	const QRcode *qr = p->qr;
	double module = qr_size / (qr->width + 8), x0 = left + 4 * module, y0 = qr_top + 4 * module;
	cairo_set_source_rgb(cr, 0, 0, 0);
	for (int r = 0; r < qr->width; r++) {
		for (int c = 0; c < qr->width;) {
			if (!(qr->data[r * qr->width + c] & 1)) {
				c++;
				continue;
			}
			int run = c;
			while (run < qr->width && (qr->data[r * qr->width + run] & 1))
				run++;
			cairo_rectangle(cr, x0 + c * module, y0 + r * module, (run - c) * module, module);
			c = run;
		}
	}
	cairo_fill(cr);
	char line[160];
	snprintf(line, sizeof line, "查验码 %s", p->d->access_code);
	small_text(p, line, left + qr_size / 2, qr_top + qr_size, true);
	snprintf(line, sizeof line, "第 %d 页 共 %d 页", p->page, p->pages);
	small_text(p, line, page_w / 2, qr_top + qr_size, true);
	PangoLayout *l = layout_new(p, p->d->number, SMALL_PT, false, 0);
	double w;
	layout_size(l, &w, NULL);
	show_at(p, l, page_w - right - w, qr_top + qr_size);
	g_object_unref(l);
}

/* Ends the page and starts the next one. */
static void new_page(struct pen *p)
{
	footer(p);
	if (p->cr)
		cairo_show_page(p->cr);
	p->page++;
	p->y = top;
}

/* Makes room for h points on this page, or starts the next. */
static void need(struct pen *p, double h)
{
	if (p->y + h > body_bottom && p->y > top)
		new_page(p);
}

/* Flows a layout down the page at x, a line every lead points (or the
 * line's own height when taller), onto the next pages when it must. */
static void flow(struct pen *p, PangoLayout *l, double x, double lead)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);
	do {
		PangoRectangle logical;
		pango_layout_iter_get_line_extents(it, NULL, &logical);
		double h = (double)logical.height / PANGO_SCALE, step = h > lead ? h : lead;
		need(p, step);
		if (p->cr) {
			double baseline = (double)(pango_layout_iter_get_baseline(it) - logical.y) / PANGO_SCALE;
			cairo_move_to(p->cr, x + (double)logical.x / PANGO_SCALE, p->y + (step - h) / 2 + baseline);
			pango_cairo_show_layout_line(p->cr, pango_layout_iter_get_line_readonly(it));
		}
		p->y += step;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

/* ---- the parts of a document -------------------------------------------------- */

static void header(struct pen *p)
{
	const struct document *d = p->d;
	double body_w = page_w - left - right, w, h;
	PangoLayout *l = layout_new(p, d->agency, AGENCY_PT, false, body_w);
	pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	layout_size(l, NULL, &h);
	show_at(p, l, left, p->y);
	p->y += h + MM(2);
	g_object_unref(l);

	const char *title = d->title ? d->title : document_kind_title(d->kind);
	l = layout_new(p, title, TITLE_PT, true, body_w);
	pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	/* Short titles are spread out, as the printed forms have them. */
	if (g_utf8_strlen(title, -1) <= 5) {
		PangoAttrList *attrs = pango_attr_list_new();
		pango_attr_list_insert(attrs, pango_attr_letter_spacing_new(TITLE_PT / 2 * PANGO_SCALE));
		pango_layout_set_attributes(l, attrs);
		pango_attr_list_unref(attrs);
	}
	layout_size(l, NULL, &h);
	show_at(p, l, left, p->y);
	p->y += h + MM(3);
	g_object_unref(l);

	l = layout_new(p, d->number, BODY_PT, false, 0);
	layout_size(l, &w, &h);
	show_at(p, l, page_w - right - w, p->y);
	p->y += h + MM(5);
	g_object_unref(l);
}

/* A layout of "label：value" with the label bold; the value's lines wrap
 * under it, not under the label. */
static PangoLayout *field_layout(struct pen *p, const char *label, const char *value, double width)
{
	char *text = g_strconcat(label, "：", value ? value : "", NULL);
	PangoLayout *l = layout_new(p, text, BODY_PT, false, width);
	PangoAttrList *attrs = pango_attr_list_new();
	PangoAttribute *bold = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
	bold->start_index = 0;
	bold->end_index = (guint)(strlen(label) + strlen("："));
	pango_attr_list_insert(attrs, bold);
	pango_layout_set_attributes(l, attrs);
	pango_attr_list_unref(attrs);
	/* A hanging indent the width of the label (pango: a negative indent
	 * shifts every line but the first), unless the label is most of the
	 * line. */
	PangoLayout *head = layout_new(p, "", BODY_PT, true, 0);
	pango_layout_set_text(head, text, (int)bold->end_index);
	double w;
	layout_size(head, &w, NULL);
	g_object_unref(head);
	if (w < width / 2)
		pango_layout_set_indent(l, -(int)(w * PANGO_SCALE));
	g_free(text);
	return l;
}

static void fields(struct pen *p)
{
	const struct document *d = p->d;
	double body_w = page_w - left - right;
	for (size_t i = 0; i < d->field_count; i++) {
		PangoLayout *l = field_layout(p, d->fields[i].label, d->fields[i].value, body_w);
		flow(p, l, left, body_lead);
		g_object_unref(l);
	}
	if (d->field_count)
		p->y += MM(3);
}

/* A cell's text at (x, y), w wide, padded; returns its height with the padding. */
static double cell(struct pen *p, const char *text, bool bold, double x, double y, double w, bool draw)
{
	const double pad = CELL_PAD;
	PangoLayout *l = layout_new(p, text ? text : "", BODY_PT, bold, w - 2 * pad);
	pango_layout_set_spacing(l, (int)(MM(1.5) * PANGO_SCALE));
	double h;
	layout_size(l, NULL, &h);
	if (draw)
		show_at(p, l, x + pad, y + pad);
	g_object_unref(l);
	return h + 2 * pad;
}

/* The natural width of a label cell: its text on one line, padded. */
static double label_width(struct pen *p, const char *label)
{
	PangoLayout *l = layout_new(p, label ? label : "", BODY_PT, true, 0);
	double w;
	layout_size(l, &w, NULL);
	g_object_unref(l);
	return w + 2 * CELL_PAD;
}

/* The bordered form: the labels' column as wide as its widest label (at
 * most a third of the width), a second pair's label as wide as itself, the
 * values sharing the rest. A row never splits across pages. */
static void rows(struct pen *p)
{
	const struct document *d = p->d;
	double body_w = page_w - left - right, label_w = 0;
	for (size_t i = 0; i < d->row_count; i++) {
		double w = label_width(p, d->rows[i].label);
		if (w > label_w)
			label_w = w;
	}
	if (label_w > body_w / 3)
		label_w = body_w / 3;
	for (size_t i = 0; i < d->row_count; i++) {
		const struct document_row *r = &d->rows[i];
		int cells = r->label2 ? 4 : 2;
		double widths[4] = { label_w, body_w - label_w, 0, 0 };
		if (cells == 4) {
			widths[2] = label_width(p, r->label2);
			if (widths[2] > body_w / 4)
				widths[2] = body_w / 4;
			widths[1] = widths[3] = (body_w - label_w - widths[2]) / 2;
		}
		double x[5] = { left };
		for (int c = 0; c < cells; c++)
			x[c + 1] = x[c] + widths[c];
		const char *text[4] = { r->label, r->value, r->label2, r->value2 };
		double h = MM(r->min_height_mm);
		for (int c = 0; c < cells; c++) {
			double ch = cell(p, text[c], c % 2 == 0, x[c], 0, widths[c], false);
			if (ch > h)
				h = ch;
		}
		need(p, h);
		for (int c = 0; c < cells; c++)
			cell(p, text[c], c % 2 == 0, x[c], p->y, widths[c], p->cr != NULL);
		if (p->cr) {
			cairo_set_line_width(p->cr, 0.75);
			cairo_set_source_rgb(p->cr, 0, 0, 0);
			for (int c = 0; c < cells; c++)
				cairo_rectangle(p->cr, x[c], p->y, widths[c], h);
			cairo_stroke(p->cr);
		}
		p->y += h;
	}
	if (d->row_count)
		p->y += MM(5);
}

static void sections(struct pen *p)
{
	const struct document *d = p->d;
	double body_w = page_w - left - right;
	for (size_t i = 0; i < d->section_count; i++) {
		const struct document_section *s = &d->sections[i];
		if (s->heading) {
			/* A heading is not left alone at the foot of a page. */
			need(p, body_lead * 2);
			PangoLayout *l = layout_new(p, s->heading, BODY_PT, true, body_w);
			flow(p, l, left, body_lead);
			g_object_unref(l);
		}
		for (size_t k = 0; k < s->paragraph_count; k++) {
			PangoLayout *l = layout_new(p, s->paragraphs[k], BODY_PT, false, body_w);
			pango_layout_set_indent(l, 2 * BODY_PT * PANGO_SCALE);
			/* Not justified: pango would widen the one space of a
			 * line ("1. 称重检测单") or put gaps between characters
			 * that pdftotext reads as spaces ("2 0 2 3年"). Ragged
			 * by less than a character, as typed documents are. */
			flow(p, l, left, body_lead);
			g_object_unref(l);
		}
		p->y += MM(2);
	}
}

/* The agency and the date at the bottom right, kept together, with room
 * above them for the seal to overlap. */
static void signature(struct pen *p)
{
	const struct document *d = p->d;
	size_t lines = d->signature_count + 1;
	double seal_room = MM(12);
	need(p, seal_room + lines * body_lead);
	p->y += seal_room;
	/* The lines are right-aligned as one block, centred on each other. */
	double widest = 0;
	for (size_t i = 0; i < lines; i++) {
		PangoLayout *l =
		    layout_new(p, i < d->signature_count ? d->signature[i] : p->date_line, BODY_PT, false, 0);
		double w;
		layout_size(l, &w, NULL);
		if (w > widest)
			widest = w;
		g_object_unref(l);
	}
	double centre = page_w - right - MM(10) - widest / 2;
	for (size_t i = 0; i < lines; i++) {
		PangoLayout *l =
		    layout_new(p, i < d->signature_count ? d->signature[i] : p->date_line, BODY_PT, false, 0);
		double w;
		layout_size(l, &w, NULL);
		need(p, body_lead);
		show_at(p, l, centre - w / 2, p->y + (body_lead - BODY_PT * 1.45) / 2);
		p->y += body_lead;
		g_object_unref(l);
	}
}

/* One pass over the whole document; returns the number of pages. */
static int lay_out(struct pen *p)
{
	p->page = 1;
	p->y = top;
	header(p);
	fields(p);
	rows(p);
	sections(p);
	signature(p);
	footer(p);
	return p->page;
}

/* ---- the PDF ------------------------------------------------------------------ */

static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int length)
{
	buf_add(closure, data, length);
	return CAIRO_STATUS_SUCCESS;
}

static int check_text(const char *what, const char *s, struct err *e)
{
	if (!s || !*s)
		return err_set(e, ERR_INVALID, "the document has no %s: give one", what);
	if (!utf8_valid(s, strlen(s)))
		return err_set(e, ERR_INVALID, "the document's %s is not UTF-8", what);
	return 0;
}

/* Every text of d is UTF-8 (pango would draw the bad bytes as boxes). */
static int check(const struct document *d, int *y, int *m, int *day, struct err *e)
{
	int rc;
	if ((rc = check_text("agency", d->agency, e)) || (rc = check_text("number", d->number, e)) ||
	    (rc = check_text("issued_on", d->issued_on, e)) || (rc = check_text("verify_url", d->verify_url, e)) ||
	    (rc = check_text("access_code", d->access_code, e)))
		return rc;
	if (!d->title && !document_kind_title(d->kind))
		return err_set(e, ERR_INVALID, "document kind %d is unknown and there is no title", (int)d->kind);
	if (d->title && (rc = check_text("title", d->title, e)))
		return rc;
	for (size_t i = 0; i < d->field_count; i++)
		if ((rc = check_text("field label", d->fields[i].label, e)) ||
		    (d->fields[i].value && (rc = check_text("field value", d->fields[i].value, e))))
			return rc;
	for (size_t i = 0; i < d->row_count; i++) {
		const char *t[4] = { d->rows[i].label, d->rows[i].value, d->rows[i].label2, d->rows[i].value2 };
		for (int k = 0; k < 4; k++)
			if (t[k] && !utf8_valid(t[k], strlen(t[k])))
				return err_set(e, ERR_INVALID, "row %zu of the form is not UTF-8", i + 1);
	}
	for (size_t i = 0; i < d->section_count; i++) {
		const struct document_section *s = &d->sections[i];
		if (s->heading && (rc = check_text("section heading", s->heading, e)))
			return rc;
		for (size_t k = 0; k < s->paragraph_count; k++)
			if ((rc = check_text("paragraph", s->paragraphs[k], e)))
				return rc;
	}
	for (size_t i = 0; i < d->signature_count; i++)
		if ((rc = check_text("signature line", d->signature[i], e)))
			return rc;
	int32_t days;
	if (date_parse(slice_from(d->issued_on), &days))
		return err_set(e, ERR_INVALID, "issued_on '%s' is not a date YYYY-MM-DD", d->issued_on);
	civil_from_days(days, y, m, day);
	return 0;
}

int document_render_pdf(const struct document *d, struct buf *out, struct err *e)
{
	int year, month, day, rc;
	if ((rc = check(d, &year, &month, &day, e)))
		return rc;
	pthread_once(&fonts_once, fonts_load);
	if (!font_present)
		return err_set(e, ERR_UNSUPPORTED, "the font %s is not installed: install Debian's fonts-noto-cjk",
		               FONT);

	QRcode *qr = QRcode_encodeString(d->verify_url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!qr)
		return err_set(e, ERR_NOMEM, "cannot make the QR code of %s", d->verify_url);

	/* Measured without hinting, at 72 dpi: a point is a unit. */
	PangoContext *pango = pango_font_map_create_context(pango_cairo_font_map_get_default());
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	pango_cairo_context_set_font_options(pango, fo);
	cairo_font_options_destroy(fo);
	pango_cairo_context_set_resolution(pango, 72);

	struct pen p = { .pango = pango, .d = d, .qr = qr };
	snprintf(p.date_line, sizeof p.date_line, "%d年%d月%d日", year, month, day);
	p.pages = lay_out(&p);

	cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(write_out, out, page_w, page_h);
	char date[32];
	snprintf(date, sizeof date, "%04d-%02d-%02dT00:00:00+08:00", year, month, day);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE,
	                               d->title ? d->title : document_kind_title(d->kind));
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, d->number);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, d->agency);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "sunroad");
	p.cr = cairo_create(surface);
	cairo_set_source_rgb(p.cr, 0, 0, 0);
	lay_out(&p);
	cairo_status_t status = cairo_status(p.cr);
	cairo_destroy(p.cr);
	cairo_surface_finish(surface);
	if (status == CAIRO_STATUS_SUCCESS)
		status = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	g_object_unref(pango);
	QRcode_free(qr);
	if (status != CAIRO_STATUS_SUCCESS)
		return err_set(e, ERR_NOMEM, "cairo cannot draw %s %s: %s", document_kind_title(d->kind), d->number,
		               cairo_status_to_string(status));
	return 0;
}
