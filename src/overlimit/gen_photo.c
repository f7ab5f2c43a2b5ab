/* The demo's evidence photos, drawn as a weigh-in-motion site's cameras
 * take them: the front of the vehicle with its plate, its side (the axles
 * a reviewer counts), and a close-up of the plate; the front and side
 * carry the caption band real WIM cameras burn into the picture (site,
 * time, lane, plate, axles, gross, speed). Flat shapes in a few colours:
 * plausible at a glance, cheap to draw and to compress, and the same bytes
 * for the same record (no clock, no randomness but p->look). */
#include "gen_photo.h"
#include "../base/datetime.h"
#include "../base/photo_store.h"

#include <cairo.h>
#include <errno.h>
#include <pango/pangocairo.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

const char *const gen_photo_kind_names[GEN_PHOTO_KINDS] = { "front", "side", "plate" };

/* The pictures are drawn on a 960 x 540 canvas and taken at 800 x 450:
 * every pixel costs its share of the compression. */
enum {
	PHOTO_W = 960,
	PHOTO_H = 540,
	TAKEN_W = 800,
	TAKEN_H = 450,
	BAND_H = 72, /* the caption band */
	PLATE_W = 400,
	PLATE_H = 140,
};

/* What drawing keeps from one photo to the next: the pictures, and the
 * PNG encoder's buffers (a year's photos would otherwise spend a third of
 * their time allocating them). One per thread. */
struct gen_camera {
	cairo_surface_t *surface[GEN_PHOTO_KINDS];
	struct buf raw, packed;
	z_stream z;
	bool deflating;
};

#define FONT "Noto Sans CJK SC"

static void rgb(cairo_t *cr, uint32_t c)
{
	cairo_set_source_rgb(cr, (c >> 16 & 0xFF) / 255.0, (c >> 8 & 0xFF) / 255.0, (c & 0xFF) / 255.0);
}

static void rgba(cairo_t *cr, uint32_t c, double alpha)
{
	cairo_set_source_rgba(cr, (c >> 16 & 0xFF) / 255.0, (c >> 8 & 0xFF) / 255.0, (c & 0xFF) / 255.0, alpha);
}

static void box(cairo_t *cr, double x, double y, double w, double h, uint32_t c)
{
	rgb(cr, c);
	cairo_rectangle(cr, x, y, w, h);
	cairo_fill(cr);
}

/* Fills the current path (or, with fill false, the whole picture) with a
 * vertical gradient from top at y0 to bottom at y1. */
static void gradient(cairo_t *cr, double y0, double y1, uint32_t top, uint32_t bottom, bool fill)
{
	cairo_pattern_t *pat = cairo_pattern_create_linear(0, y0, 0, y1);
	cairo_pattern_add_color_stop_rgb(pat, 0, (top >> 16 & 0xFF) / 255.0, (top >> 8 & 0xFF) / 255.0,
	                                 (top & 0xFF) / 255.0);
	cairo_pattern_add_color_stop_rgb(pat, 1, (bottom >> 16 & 0xFF) / 255.0, (bottom >> 8 & 0xFF) / 255.0,
	                                 (bottom & 0xFF) / 255.0);
	cairo_set_source(cr, pat);
	if (fill)
		cairo_fill(cr);
	else
		cairo_paint(cr);
	cairo_pattern_destroy(pat);
}

static void rounded(cairo_t *cr, double x, double y, double w, double h, double r)
{
	cairo_new_sub_path(cr);
	cairo_arc(cr, x + w - r, y + r, r, -G_PI / 2, 0);
	cairo_arc(cr, x + w - r, y + h - r, r, 0, G_PI / 2);
	cairo_arc(cr, x + r, y + h - r, r, G_PI / 2, G_PI);
	cairo_arc(cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
	cairo_close_path(cr);
}

/* A layout of markup in FONT at px pixels, with the font options fixed so
 * that the bytes do not depend on the desktop's settings. */
static PangoLayout *text_layout(cairo_t *cr, const char *markup, double px, bool bold)
{
	PangoLayout *layout = pango_cairo_create_layout(cr);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	pango_cairo_context_set_font_options(pango_layout_get_context(layout), fo);
	cairo_font_options_destroy(fo);
	pango_layout_context_changed(layout);
	PangoFontDescription *fd = pango_font_description_from_string(FONT);
	pango_font_description_set_absolute_size(fd, px * PANGO_SCALE);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(layout, fd);
	pango_font_description_free(fd);
	pango_layout_set_markup(layout, markup, -1);
	return layout;
}

/* Draws markup with its top left at (x, y). */
static void text_at(cairo_t *cr, double x, double y, const char *markup, double px, bool bold, uint32_t c)
{
	PangoLayout *layout = text_layout(cr, markup, px, bold);
	rgb(cr, c);
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, layout);
	g_object_unref(layout);
}

/* ---- the plate ------------------------------------------------------------ */

/* "蒙K12345" as a plate shows it: "蒙K·12345". */
static void plate_text(const char *plate, char out[40])
{
	size_t first = 1;
	while (plate[first] && (plate[first] & 0xC0) == 0x80)
		first++; /* the province: one character of several bytes */
	size_t lead = plate[first] ? first + 1 : first;
	snprintf(out, 40, "%.*s·%s", (int)lead, plate, plate + lead);
}

/* The plate in its colours at (x, y), w by h; an unread plate is there,
 * under the mud that made the camera miss it. */
static void draw_plate(cairo_t *cr, double x, double y, double w, double h, const char *plate, const char *color,
                       uint64_t look)
{
	bool blue = strcmp(color, "blue") == 0, green = strcmp(color, "green") == 0,
	     split = strcmp(color, "yellow-green") == 0;
	double r = h * 0.08;
	/* The plate and its raised rim. */
	rounded(cr, x, y, w, h, r);
	if (green) {
		gradient(cr, y, y + h, 0xF5FCF5, 0x61CC73, true);
	} else {
		rgb(cr, blue ? 0x1449A8 : 0xF2C200);
		cairo_fill(cr);
	}
	if (split) {
		/* Large new-energy plates: yellow for the region, green for the number. */
		cairo_save(cr);
		rounded(cr, x, y, w, h, r);
		cairo_clip(cr);
		box(cr, x + w * 0.30, y, w * 0.70, h, 0x5CBF64);
		cairo_restore(cr);
	}
	uint32_t ink = blue ? 0xFFFFFF : 0x111111;
	rgb(cr, ink);
	cairo_set_line_width(cr, h * 0.035);
	rounded(cr, x + h * 0.06, y + h * 0.06, w - h * 0.12, h - h * 0.12, r * 0.7);
	cairo_stroke(cr);
	/* The rivets. */
	for (int i = 0; i < 2; i++) {
		rgba(cr, 0x888888, 1);
		cairo_arc(cr, x + w * (i ? 0.78 : 0.22), y + h * 0.15, h * 0.035, 0, 2 * G_PI);
		cairo_fill(cr);
	}
	if (*plate) {
		char shown[40];
		plate_text(plate, shown);
		PangoLayout *layout = text_layout(cr, shown, h * 0.70, true);
		PangoRectangle ink_box, logical;
		pango_layout_get_pixel_extents(layout, &ink_box, &logical);
		/* Plate characters are tall and narrow: squeeze to fit. */
		double sx = (w * 0.88) / ink_box.width, sy = (h * 0.70) / ink_box.height;
		cairo_save(cr);
		cairo_translate(cr, x + w * 0.06, y + h * 0.15);
		cairo_scale(cr, sx, sy);
		cairo_translate(cr, -ink_box.x, -ink_box.y);
		rgb(cr, ink);
		cairo_move_to(cr, 0, 0);
		pango_cairo_show_layout(cr, layout);
		cairo_restore(cr);
		g_object_unref(layout);
	} else {
		/* Mud over the plate: the reason it went unread. */
		for (int i = 0; i < 7; i++) {
			double cx = x + w * (0.1 + 0.8 * (double)((look >> (i * 5)) & 31) / 31.0);
			double cy = y + h * (0.3 + 0.4 * (double)((look >> (i * 3 + 30)) & 7) / 7.0);
			rgba(cr, 0x4A3A28, 0.85);
			cairo_save(cr);
			cairo_translate(cr, cx, cy);
			cairo_scale(cr, w * 0.16, h * 0.45);
			cairo_arc(cr, 0, 0, 1, 0, 2 * G_PI);
			cairo_restore(cr);
			cairo_fill(cr);
		}
	}
}

/* ---- the caption band ------------------------------------------------------- */

/* The band WIM cameras burn in at the top, and the record's number at the
 * bottom right. */
static void draw_caption(cairo_t *cr, const struct gen_photo *p, const char *view)
{
	rgba(cr, 0x000000, 0.82);
	cairo_rectangle(cr, 0, 0, PHOTO_W, BAND_H);
	cairo_fill(cr);
	char when[26], line[512];
	datetime_format_local(p->passed_at, when);
	when[10] = ' ';
	when[19] = '\0';
	snprintf(line, sizeof line, "%s  %s  车道 %d  %s", p->site_name, p->site_code, p->lane, view);
	text_at(cr, 14, 7, line, 20, false, 0xFFFFFF);
	snprintf(line, sizeof line,
	         "%s  车牌 <span foreground=\"#FFD200\">%s</span>%s%s%s  轴数 %d  总重 <span "
	         "foreground=\"#FFD200\">%lld kg</span>  车速 %d.%d km/h",
	         when, *p->plate ? p->plate : "未识别", *p->plate ? "(" : "",
	         *p->plate ? overlimit_plate_color_zh(p->plate_color) : "", *p->plate ? ")" : "", p->axles,
	         (long long)p->gross_kg, p->speed_tenths / 10, p->speed_tenths % 10);
	text_at(cr, 14, 38, line, 20, false, 0xFFFFFF);
	snprintf(line, sizeof line, "%s-%07lld", p->site_code, (long long)p->seq);
	text_at(cr, PHOTO_W - 170 + 1, PHOTO_H - 30 + 1, line, 16, false, 0x000000);
	text_at(cr, PHOTO_W - 170, PHOTO_H - 30, line, 16, false, 0xFFFFFF);
}

/* ---- the front ------------------------------------------------------------- */

static const uint32_t cab_colors[] = { 0xB3261E, 0x1D5AA6, 0xE6E6E2, 0xD99A00, 0xD2601A, 0x2F7D3A, 0x9EA6AE };

static void draw_road_ahead(cairo_t *cr)
{
	gradient(cr, 0, PHOTO_H, 0x66696E, 0x3D4045, false);
	/* Lane lines running to a vanishing point above the picture. */
	static const double bottom_x[] = { -260, 180, 780, 1220 };
	for (int i = 0; i < 4; i++) {
		rgba(cr, 0xF2F2F2, i == 0 || i == 3 ? 0.85 : 0.6);
		cairo_set_line_width(cr, 9);
		if (i == 1 || i == 2) {
			static const double dash[] = { 70, 60 };
			cairo_set_dash(cr, dash, 2, 0);
		}
		cairo_move_to(cr, bottom_x[i], PHOTO_H);
		cairo_line_to(cr, PHOTO_W / 2.0 + (bottom_x[i] - PHOTO_W / 2.0) * 0.18, 0);
		cairo_stroke(cr);
		cairo_set_dash(cr, NULL, 0, 0);
	}
}

static void draw_front(cairo_t *cr, const struct gen_photo *p)
{
	draw_road_ahead(cr);
	bool light = strcmp(p->plate_color, "blue") == 0;
	double cx = PHOTO_W / 2.0 + (double)((p->look >> 8) & 63) - 32, by = PHOTO_H - 22;
	double cw = light ? 330 : 440, ch = light ? 260 : 340;
	uint32_t body = cab_colors[p->look % (sizeof cab_colors / sizeof cab_colors[0])];
	/* The shadow. */
	rgba(cr, 0x000000, 0.35);
	cairo_save(cr);
	cairo_translate(cr, cx, by);
	cairo_scale(cr, cw * 0.62, 18);
	cairo_arc(cr, 0, 0, 1, 0, 2 * G_PI);
	cairo_restore(cr);
	cairo_fill(cr);
	/* What rides behind the cab: the trailer's or the box's front, and the
	 * coal heaped on it. */
	if (!light) {
		double top = by - ch - 60;
		if (p->loaded) {
			double heap = p->height_mm > 4000 ? 95 : 55;
			rgb(cr, 0x1C1C1E);
			cairo_move_to(cr, cx - cw / 2 - 6, top + 6);
			cairo_curve_to(cr, cx - cw / 4, top - heap, cx + cw / 4, top - heap, cx + cw / 2 + 6, top + 6);
			cairo_close_path(cr);
			cairo_fill(cr);
		}
		box(cr, cx - cw / 2 - 8, top, cw + 16, 80, p->kind == VEHICLE_TRAIN ? 0x5E6368 : 0x3F5E7A);
		rgba(cr, 0x000000, 0.25);
		for (int i = 1; i < 6; i++) {
			cairo_rectangle(cr, cx - cw / 2 - 8 + (cw + 16) * i / 6.0, top, 3, 80);
			cairo_fill(cr);
		}
	}
	/* Mirrors on their arms. */
	for (int side = -1; side <= 1; side += 2) {
		rgb(cr, 0x222222);
		cairo_set_line_width(cr, 5);
		cairo_move_to(cr, cx + side * cw / 2, by - ch * 0.78);
		cairo_line_to(cr, cx + side * (cw / 2 + 34), by - ch * 0.80);
		cairo_stroke(cr);
		rounded(cr, cx + side * (cw / 2 + 34) - 12, by - ch * 0.92, 24, ch * 0.26, 6);
		cairo_fill(cr);
	}
	/* The wheels below the bumper. */
	box(cr, cx - cw / 2 + 4, by - 44, 66, 44, 0x141414);
	box(cr, cx + cw / 2 - 70, by - 44, 66, 44, 0x141414);
	/* The cab. */
	rgb(cr, body);
	rounded(cr, cx - cw / 2, by - ch, cw, ch * 0.86, 18);
	cairo_fill(cr);
	/* Roof lights. */
	for (int i = 0; i < 5; i++)
		box(cr, cx - 70 + i * 30, by - ch - 8, 18, 10, 0xF5A623);
	/* The windscreen, with the sky in it. */
	cairo_move_to(cr, cx - cw / 2 + 34, by - ch + 22);
	cairo_line_to(cr, cx + cw / 2 - 34, by - ch + 22);
	cairo_line_to(cr, cx + cw / 2 - 16, by - ch * 0.56);
	cairo_line_to(cr, cx - cw / 2 + 16, by - ch * 0.56);
	cairo_close_path(cr);
	gradient(cr, by - ch, by - ch * 0.55, 0x2B3A4A, 0x61788F, true);
	rgba(cr, 0xFFFFFF, 0.12);
	cairo_move_to(cr, cx - cw / 2 + 60, by - ch + 22);
	cairo_line_to(cr, cx - cw / 2 + 130, by - ch + 22);
	cairo_line_to(cr, cx - cw / 2 + 70, by - ch * 0.56);
	cairo_line_to(cr, cx - cw / 2 + 20, by - ch * 0.56);
	cairo_close_path(cr);
	cairo_fill(cr);
	/* The grille and the headlights. */
	double gy = by - ch * 0.50, gh = ch * 0.22;
	box(cr, cx - cw * 0.28, gy, cw * 0.56, gh, 0x1E1E20);
	rgb(cr, 0x5A5D62);
	for (double y = gy + 6; y < gy + gh - 2; y += 9) {
		cairo_rectangle(cr, cx - cw * 0.28 + 6, y, cw * 0.56 - 12, 3);
		cairo_fill(cr);
	}
	for (int side = -1; side <= 1; side += 2) {
		double lx = side < 0 ? cx - cw / 2 + 14 : cx + cw / 2 - 14 - cw * 0.17;
		rounded(cr, lx, gy + 4, cw * 0.17, ch * 0.09, 6);
		rgb(cr, 0xEDEDE4);
		cairo_fill(cr);
		box(cr, lx + 4, gy + 8 + ch * 0.09, cw * 0.17 - 8, 8, 0xF5A623);
	}
	/* The bumper, and the plate on it. */
	box(cr, cx - cw / 2 - 6, by - ch * 0.24, cw + 12, ch * 0.15, 0x2C3036);
	double pw = light ? 150 : 170, ph = pw * 0.32;
	draw_plate(cr, cx - pw / 2, by - ch * 0.24 + (ch * 0.15 - ph) / 2, pw, ph, p->plate, p->plate_color, p->look);
}

/* ---- the side --------------------------------------------------------------- */

static void wheel(cairo_t *cr, double x, double ground, double r)
{
	rgb(cr, 0x111111);
	cairo_arc(cr, x, ground - r, r, 0, 2 * G_PI);
	cairo_fill(cr);
	rgb(cr, 0x8A8F96);
	cairo_arc(cr, x, ground - r, r * 0.45, 0, 2 * G_PI);
	cairo_fill(cr);
	rgb(cr, 0x3A3D42);
	cairo_arc(cr, x, ground - r, r * 0.15, 0, 2 * G_PI);
	cairo_fill(cr);
}

/* The cargo: the load heaped over the sides of an open body from x to
 * x + w whose top is at top; the heap reaches up to peak. */
static void heap(cairo_t *cr, double x, double w, double top, double peak, uint64_t look)
{
	rgb(cr, 0x1C1C1E);
	cairo_move_to(cr, x + 4, top);
	int humps = 2 + (int)(look >> 20 & 1);
	for (int i = 0; i < humps; i++) {
		double x0 = x + 4 + (w - 8) * i / humps, x1 = x + 4 + (w - 8) * (i + 1) / humps;
		cairo_curve_to(cr, x0 + (x1 - x0) * 0.25, peak, x0 + (x1 - x0) * 0.75, peak, x1, top);
	}
	cairo_close_path(cr);
	cairo_fill(cr);
}

static void draw_side(cairo_t *cr, const struct gen_photo *p)
{
	/* Sky over the far verge, the road below. */
	gradient(cr, BAND_H, 330, 0xB3C4D6, 0xDEE3E8, false);
	box(cr, 0, 300, PHOTO_W, 30, 0xA7A08A);
	box(cr, 0, 330, PHOTO_W, PHOTO_H - 330, 0x4E5156);
	box(cr, 0, 318, PHOTO_W, 12, 0xB8BCC0); /* the guard rail */
	for (int x = 20; x < PHOTO_W; x += 120)
		box(cr, x, 318, 6, 24, 0x8C9096);
	static const double dash[] = { 80, 60 };
	rgba(cr, 0xF2F2F2, 0.8);
	cairo_set_line_width(cr, 6);
	cairo_set_dash(cr, dash, 2, 0);
	cairo_move_to(cr, 0, 515);
	cairo_line_to(cr, PHOTO_W, 515);
	cairo_stroke(cr);
	cairo_set_dash(cr, NULL, 0, 0);

	/* Millimetres to pixels: an 18.5 m train fills the width. */
	const double s = 880.0 / 18500.0, ground = 490;
	double length = p->length_mm > 0 ? p->length_mm : 12000;
	double front = PHOTO_W / 2.0 + length * s / 2, rear = PHOTO_W / 2.0 - length * s / 2;
	double r = 520 * s, chassis = ground - 1150 * s;
	bool light = strcmp(p->plate_color, "blue") == 0;
	uint32_t body = cab_colors[p->look % (sizeof cab_colors / sizeof cab_colors[0])];
	double top_mm = p->height_mm > 0 ? p->height_mm : light ? 2900 : 3800;
	double cab_len = (light ? 1700 : 2300) * s, cab_top = ground - (light ? 2600 : 3350) * s;

	rgba(cr, 0x000000, 0.35);
	cairo_rectangle(cr, rear - 10, ground - 4, front - rear + 20, 10);
	cairo_fill(cr);

	/* Axles: how many ride under the tractor (or at the front of a rigid
	 * truck) and how many at the back. */
	int front_axles, back_axles;
	if (p->kind == VEHICLE_TRAIN && p->axles >= 3) {
		front_axles = p->axles >= 5 ? 3 : 2;
		back_axles = p->axles - front_axles;
	} else {
		front_axles = p->axles >= 4 ? 2 : 1;
		back_axles = p->axles - front_axles;
	}
	double x_axle[MAX_AXLES];
	int n = 0;
	x_axle[n++] = front - 1300 * s;
	if (p->kind == VEHICLE_TRAIN && p->axles >= 3) {
		for (int i = 1; i < front_axles; i++)
			x_axle[n++] = front - (1300 + 3200 + (i - 1) * 1350) * s;
	} else if (front_axles == 2) {
		x_axle[n++] = front - 3100 * s;
	}
	for (int i = 0; i < back_axles; i++)
		x_axle[n++] = rear + (1500 + (back_axles - 1 - i) * 1310) * s;

	/* The load carrier: a rigid truck's body, or the semitrailer. */
	double body_front = p->kind == VEHICLE_TRAIN ? front - cab_len - 900 * s : front - cab_len - 150 * s;
	double body_floor = chassis - (p->kind == VEHICLE_TRAIN ? 250 : 100) * s;
	double body_top = body_floor - (light ? 900 : 1500) * s;
	if (p->loaded && !light)
		heap(cr, rear, body_front - rear, body_top + 2, ground - top_mm * s, p->look);
	box(cr, rear, body_top, body_front - rear, body_floor - body_top,
	    p->kind == VEHICLE_TRAIN ? 0x5E6368 : 0x3F5E7A);
	rgba(cr, 0x000000, 0.22);
	for (double x = rear + 40 * s * 30; x < body_front - 10; x += 1400 * s) {
		cairo_rectangle(cr, x, body_top, 3, body_floor - body_top);
		cairo_fill(cr);
	}
	box(cr, rear, body_floor, front - rear - cab_len * 0.2, 160 * s, 0x202226); /* the frame */
	/* The cab. */
	rgb(cr, body);
	cairo_move_to(cr, front - cab_len, chassis + 60 * s);
	cairo_line_to(cr, front - cab_len, cab_top + 12);
	cairo_curve_to(cr, front - cab_len, cab_top, front - cab_len + 10, cab_top, front - cab_len + 20, cab_top);
	cairo_line_to(cr, front - 18, cab_top);
	cairo_line_to(cr, front, cab_top + (chassis - cab_top) * 0.35);
	cairo_line_to(cr, front, chassis + 60 * s);
	cairo_close_path(cr);
	cairo_fill(cr);
	rgb(cr, 0x34495E); /* the side window */
	cairo_move_to(cr, front - cab_len * 0.55, cab_top + 10);
	cairo_line_to(cr, front - 22, cab_top + 10);
	cairo_line_to(cr, front - 8, cab_top + (chassis - cab_top) * 0.33);
	cairo_line_to(cr, front - cab_len * 0.55, cab_top + (chassis - cab_top) * 0.33);
	cairo_close_path(cr);
	cairo_fill(cr);
	rgba(cr, 0x000000, 0.3); /* the door */
	cairo_set_line_width(cr, 2);
	cairo_rectangle(cr, front - cab_len * 0.6, cab_top + 6, cab_len * 0.5, chassis - cab_top - 4);
	cairo_stroke(cr);
	box(cr, front - cab_len - 500 * s, chassis - 350 * s, 700 * s, 300 * s, 0x9AA0A6); /* the fuel tank */
	for (int i = 0; i < n; i++)
		wheel(cr, x_axle[i], ground, r);
}

/* ---- the plate close-up ------------------------------------------------------- */

static void draw_plate_photo(cairo_t *cr, const struct gen_photo *p)
{
	gradient(cr, 0, PLATE_H, 0x383B40, 0x1F2124, false);
	draw_plate(cr, 30, 20, PLATE_W - 60, PLATE_H - 40, p->plate, p->plate_color, p->look);
}

/* ---- PNG -------------------------------------------------------------------- */

/* cairo's own PNG writer runs libpng with every filter tried on every row
 * and zlib at its default level: four fifths of a year's generation went
 * there. Flat drawings need neither: each row filtered by its left
 * neighbour (PNG filter 1, "Sub") turns a run of one colour into zeros,
 * which zlib's run-length strategy stores in a few bytes, ten times
 * faster for files a third larger. */
static void png_chunk(struct buf *png, const char type[4], const unsigned char *data, size_t n)
{
	unsigned char head[8] = { (unsigned char)(n >> 24), (unsigned char)(n >> 16), (unsigned char)(n >> 8),
		                  (unsigned char)n,         (unsigned char)type[0],   (unsigned char)type[1],
		                  (unsigned char)type[2],   (unsigned char)type[3] };
	buf_add(png, head, 8);
	buf_add(png, data, n);
	uLong crc = crc32(crc32(0L, Z_NULL, 0), head + 4, 4);
	if (n)
		crc = crc32(crc, data, (uInt)n); /* (with NULL, crc32 answers its initial value) */
	unsigned char tail[4] = { (unsigned char)(crc >> 24), (unsigned char)(crc >> 16), (unsigned char)(crc >> 8),
		                  (unsigned char)crc };
	buf_add(png, tail, 4);
}

/* The picture of surface (RGB24) as an 8-bit RGB PNG appended to png. */
static int png_write(struct gen_camera *c, cairo_surface_t *surface, struct buf *png, struct err *e)
{
	int w = cairo_image_surface_get_width(surface), h = cairo_image_surface_get_height(surface);
	int stride = cairo_image_surface_get_stride(surface);
	const unsigned char *pixels = cairo_image_surface_get_data(surface);
	size_t row = 1 + (size_t)w * 3, raw_n = row * (size_t)h;
	buf_clear(&c->raw);
	buf_grow(&c->raw, raw_n);
	unsigned char *dst = (unsigned char *)c->raw.p;
	for (int y = 0; y < h; y++) {
		const uint32_t *src = (const uint32_t *)(const void *)(pixels + (size_t)y * (size_t)stride);
		uint32_t left = 0;
		*dst++ = 1; /* Sub: each byte minus the one a pixel to its left */
		for (int x = 0; x < w; x++) {
			uint32_t px = src[x];
			dst[0] = (unsigned char)((px >> 16) - (left >> 16));
			dst[1] = (unsigned char)((px >> 8) - (left >> 8));
			dst[2] = (unsigned char)(px - left);
			dst += 3;
			left = px;
		}
	}
	if (!c->deflating) {
		if (deflateInit2(&c->z, 6, Z_DEFLATED, 15, 9, Z_RLE) != Z_OK)
			return err_set(e, ERR_NOMEM, "zlib cannot start compressing a photo");
		c->deflating = true;
	} else {
		deflateReset(&c->z);
	}
	size_t bound = deflateBound(&c->z, (uLong)raw_n);
	buf_clear(&c->packed);
	buf_grow(&c->packed, bound);
	c->z.next_in = (unsigned char *)c->raw.p;
	c->z.avail_in = (uInt)raw_n;
	c->z.next_out = (unsigned char *)c->packed.p;
	c->z.avail_out = (uInt)bound;
	if (deflate(&c->z, Z_FINISH) != Z_STREAM_END)
		return err_set(e, ERR_IO, "zlib cannot compress a photo");
	static const unsigned char signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
	unsigned char ihdr[13] = { (unsigned char)(w >> 24),
		                   (unsigned char)(w >> 16),
		                   (unsigned char)(w >> 8),
		                   (unsigned char)w,
		                   (unsigned char)(h >> 24),
		                   (unsigned char)(h >> 16),
		                   (unsigned char)(h >> 8),
		                   (unsigned char)h,
		                   8 /* bits */,
		                   2 /* RGB */,
		                   0,
		                   0,
		                   0 };
	buf_add(png, signature, sizeof signature);
	png_chunk(png, "IHDR", ihdr, sizeof ihdr);
	png_chunk(png, "IDAT", (const unsigned char *)c->packed.p, c->z.total_out);
	png_chunk(png, "IEND", NULL, 0);
	return 0;
}

static void gen_camera_init(struct gen_camera *c)
{
	memset(c, 0, sizeof *c);
	buf_init(&c->raw);
	buf_init(&c->packed);
}

static void gen_camera_release(struct gen_camera *c)
{
	for (int k = 0; k < GEN_PHOTO_KINDS; k++)
		if (c->surface[k])
			cairo_surface_destroy(c->surface[k]);
	if (c->deflating)
		deflateEnd(&c->z);
	buf_release(&c->raw);
	buf_release(&c->packed);
	memset(c, 0, sizeof *c);
}

/* Draws the photo of kind k of p with camera c as a PNG appended to png. */
static int photo_draw(struct gen_camera *c, const struct gen_photo *p, enum gen_photo_kind k, struct buf *png,
                      struct err *e)
{
	if (!c->surface[k]) {
		int w = k == GEN_PHOTO_PLATE ? PLATE_W : TAKEN_W, h = k == GEN_PHOTO_PLATE ? PLATE_H : TAKEN_H;
		c->surface[k] = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
		if (cairo_surface_status(c->surface[k]) != CAIRO_STATUS_SUCCESS) {
			cairo_surface_destroy(c->surface[k]);
			c->surface[k] = NULL;
			return err_set(e, ERR_NOMEM, "cairo cannot make a %d x %d picture", w, h);
		}
	}
	/* Every picture paints its whole background first: the surface is
	 * reused as it is. */
	cairo_t *cr = cairo_create(c->surface[k]);
	switch (k) {
	case GEN_PHOTO_FRONT:
		cairo_scale(cr, (double)TAKEN_W / PHOTO_W, (double)TAKEN_H / PHOTO_H);
		draw_front(cr, p);
		draw_caption(cr, p, "前方抓拍");
		break;
	case GEN_PHOTO_SIDE:
		cairo_scale(cr, (double)TAKEN_W / PHOTO_W, (double)TAKEN_H / PHOTO_H);
		draw_side(cr, p);
		draw_caption(cr, p, "侧面抓拍");
		break;
	default:
		draw_plate_photo(cr, p);
		break;
	}
	int rc = cairo_status(cr) == CAIRO_STATUS_SUCCESS
	             ? 0
	             : err_set(e, ERR_NOMEM, "cairo cannot draw a photo: %s", cairo_status_to_string(cairo_status(cr)));
	cairo_destroy(cr);
	cairo_surface_flush(c->surface[k]);
	return rc ? rc : png_write(c, c->surface[k], png, e);
}

/* ---- the darkroom: photos drawn on every core ---------------------------------- */

struct job {
	struct gen_photo photo;
	size_t at;
	char field[GEN_PHOTOS_FIELD_LEN + 1];
	bool taken, done;
	int rc;
	struct err e;
};

struct gen_darkroom {
	char dir[4096];
	pthread_t thread[8];
	int threads;
	pthread_mutex_t lock;
	pthread_cond_t work, developed;
	struct job *jobs;
	size_t count, cap, next, done;
	bool stop;
};

/* Writes png to dir/<sha256> (through a temporary name: two threads may
 * draw the same plate) unless it is there already. */
static int keep(const char *dir, int thread, const struct buf *png, const char *hash, struct err *e)
{
	char path[4200], tmp[4300];
	snprintf(path, sizeof path, "%s/%s", dir, hash);
	if (access(path, F_OK) == 0)
		return 0;
	snprintf(tmp, sizeof tmp, "%s/.tmp-%s-%d", dir, hash, thread);
	FILE *f = fopen(tmp, "wb");
	bool ok = f && fwrite(png->p, 1, png->n, f) == png->n;
	if (f && fclose(f))
		ok = false;
	if (!ok || rename(tmp, path)) {
		unlink(tmp);
		return err_set(e, ERR_IO, "cannot write %s: %s", path, strerror(errno));
	}
	return 0;
}

/* Draws and keeps the photos of one record; their names into field. */
static int develop(struct gen_camera *c, const char *dir, int thread, const struct gen_photo *p, struct buf *png,
                   char field[GEN_PHOTOS_FIELD_LEN + 1], struct err *e)
{
	size_t n = 0;
	for (int k = 0; k < GEN_PHOTO_KINDS; k++) {
		buf_clear(png);
		char hash[PHOTO_HASH_SIZE];
		int rc = photo_draw(c, p, (enum gen_photo_kind)k, png, e);
		if (rc == 0) {
			photo_sha256(png->p, png->n, hash);
			rc = keep(dir, thread, png, hash, e);
		}
		if (rc)
			return rc;
		n += (size_t)snprintf(field + n, GEN_PHOTOS_FIELD_LEN + 1 - n, "%s%s:%s", k ? ";" : "",
		                      gen_photo_kind_names[k], hash);
	}
	return 0;
}

struct worker {
	struct gen_darkroom *d;
	int index;
};

static void *worker_main(void *arg)
{
	struct gen_darkroom *d = ((struct worker *)arg)->d;
	int index = ((struct worker *)arg)->index;
	free(arg);
	struct gen_camera camera;
	struct buf png;
	gen_camera_init(&camera);
	buf_init(&png);
	pthread_mutex_lock(&d->lock);
	for (;;) {
		while (d->next == d->count && !d->stop)
			pthread_cond_wait(&d->work, &d->lock);
		if (d->next == d->count)
			break;
		size_t i = d->next++;
		struct gen_photo photo = d->jobs[i].photo;
		pthread_mutex_unlock(&d->lock);
		char field[GEN_PHOTOS_FIELD_LEN + 1];
		struct err e = { 0 };
		int rc = develop(&camera, d->dir, index, &photo, &png, field, &e);
		pthread_mutex_lock(&d->lock);
		/* The array may have moved meanwhile: find the job again by index. */
		struct job *j = &d->jobs[i];
		memcpy(j->field, field, sizeof field);
		j->rc = rc;
		j->e = e;
		j->done = true;
		d->done++;
		pthread_cond_broadcast(&d->developed);
	}
	pthread_mutex_unlock(&d->lock);
	buf_release(&png);
	gen_camera_release(&camera);
	return NULL;
}

int overlimit_gen_darkroom_start(struct gen_darkroom **out, const char *dir, struct err *e)
{
	struct gen_darkroom *d = calloc(1, sizeof *d);
	if (!d)
		return err_set(e, ERR_NOMEM, "out of memory");
	snprintf(d->dir, sizeof d->dir, "%s", dir);
	pthread_mutex_init(&d->lock, NULL);
	pthread_cond_init(&d->work, NULL);
	pthread_cond_init(&d->developed, NULL);
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	int want = cores < 1 ? 1 : cores > 8 ? 8 : (int)cores;
	for (int i = 0; i < want; i++) {
		struct worker *w = malloc(sizeof *w);
		if (!w)
			break;
		*w = (struct worker){ d, i };
		if (pthread_create(&d->thread[d->threads], NULL, worker_main, w) != 0) {
			free(w);
			break;
		}
		d->threads++;
	}
	if (d->threads == 0) {
		overlimit_gen_darkroom_stop(d);
		return err_set(e, ERR_NOMEM, "cannot start a thread to draw the photos");
	}
	*out = d;
	return 0;
}

int overlimit_gen_darkroom_queue(struct gen_darkroom *d, const struct gen_photo *p, size_t at, struct err *e)
{
	pthread_mutex_lock(&d->lock);
	if (d->count == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 64;
		struct job *jobs = realloc(d->jobs, cap * sizeof *jobs);
		if (!jobs) {
			pthread_mutex_unlock(&d->lock);
			return err_set(e, ERR_NOMEM, "out of memory");
		}
		d->jobs = jobs;
		d->cap = cap;
	}
	d->jobs[d->count++] = (struct job){ .photo = *p, .at = at };
	pthread_cond_signal(&d->work);
	pthread_mutex_unlock(&d->lock);
	return 0;
}

int overlimit_gen_darkroom_wait(struct gen_darkroom *d, struct buf *b, struct err *e)
{
	pthread_mutex_lock(&d->lock);
	while (d->done < d->count)
		pthread_cond_wait(&d->developed, &d->lock);
	int rc = 0;
	for (size_t i = 0; i < d->count; i++) {
		const struct job *j = &d->jobs[i];
		if (j->rc && rc == 0) {
			*e = j->e;
			rc = j->rc;
		}
		if (j->rc == 0 && j->at + GEN_PHOTOS_FIELD_LEN <= b->n)
			memcpy(b->p + j->at, j->field, GEN_PHOTOS_FIELD_LEN);
	}
	d->count = d->next = d->done = 0;
	pthread_mutex_unlock(&d->lock);
	return rc;
}

void overlimit_gen_darkroom_stop(struct gen_darkroom *d)
{
	if (!d)
		return;
	pthread_mutex_lock(&d->lock);
	d->stop = true;
	pthread_cond_broadcast(&d->work);
	pthread_mutex_unlock(&d->lock);
	for (int i = 0; i < d->threads; i++)
		pthread_join(d->thread[i], NULL);
	pthread_mutex_destroy(&d->lock);
	pthread_cond_destroy(&d->work);
	pthread_cond_destroy(&d->developed);
	free(d->jobs);
	free(d);
}
