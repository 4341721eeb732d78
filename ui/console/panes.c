/* SPDX-License-Identifier: GPL-3.0-or-later */
/* panes.c - the rows each pane shows, built from the session (no curses here). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "base/i18n.h"
#include "base/text.h"
#include "base/utf16.h"
#include "bcd/bcd.h"
#include "console.h"
#include "disk/disk.h"

void panes_init(struct console *c)
{
	static const char *const titles[PANE_COUNT] = {
	    [PANE_DISKS] = N_("Disks & partitions"), [PANE_OBJECTS] = N_("BCD objects"),
	    [PANE_ELEMENTS] = N_("Elements"),        [PANE_REGISTRY] = N_("Registry"),
	    [PANE_PENDING] = N_("Pending changes"),
	};

	for (int i = 0; i < PANE_COUNT; i++)
		c->panes[i].title = titles[i];
}

void pane_clear(struct pane *p)
{
	for (size_t i = 0; i < p->n_rows; i++) {
		free(p->rows[i].text);
		free(p->rows[i].name);
		free(p->rows[i].aside);
	}
	p->n_rows = 0;
}

void panes_free(struct console *c)
{
	for (int i = 0; i < PANE_COUNT; i++) {
		pane_clear(&c->panes[i]);
		free(c->panes[i].rows);
		c->panes[i].rows = NULL;
		c->panes[i].cap = 0;
	}
}

void pane_add(struct pane *p, enum row_kind kind, int indent, size_t ref, const char *fmt, ...)
{
	va_list ap;
	char *text = NULL;

	if (p->n_rows == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 32;
		struct row *n = realloc(p->rows, cap * sizeof(*n));

		if (!n)
			return;
		p->rows = n;
		p->cap = cap;
	}
	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0)
		text = NULL;
	va_end(ap);
	if (!text)
		return;
	p->rows[p->n_rows++] = (struct row){text, NULL, NULL, kind, indent, ref};
}

void pane_move(struct pane *p, long delta)
{
	long sel = (long)p->sel + delta;

	if (sel >= (long)p->n_rows)
		sel = (long)p->n_rows - 1;
	p->sel = sel < 0 ? 0 : (size_t)sel;
}

/* ", dirty: its logs recover it" and the like, or "" for a clean hive. */
static const char *found_state(const struct wr_found *f)
{
	if (!f->dirty)
		return f->replay.logs_newer ? _(", a log Windows ignores") : "";
	if (wr_found_logs_unread(f))
		return _(", dirty");
	return f->replay.applied ? _(", dirty: its logs recover it")
	                         : _(", dirty: no log recovers it");
}

static void disk_rows(struct console *c, struct pane *p)
{
	const struct wr_inventory *inv = &c->inv;

	for (size_t d = 0; d < inv->n_disks; d++) {
		char size[32];

		wr_format_size(inv->disks[d].size, size, sizeof(size));
		pane_add(p, ROW_HEADING, 0, d, "%s (%s, %s)", inv->disks[d].path, size,
		         inv->disks[d].table[0] ? inv->disks[d].table : _("no partition table"));
		for (size_t i = 0; i < inv->n_parts; i++) {
			struct wr_buf b = WR_BUF_INIT;

			if (inv->parts[i].disk != d)
				continue;
			wr_buf_printf(&b, "#%u ", inv->parts[i].number);
			wr_format_size(inv->parts[i].size, size, sizeof(size));
			wr_buf_printf(&b, "%s, %s, %s", _(wr_part_role_name(inv->parts[i].role)),
			              inv->parts[i].fs[0] ? inv->parts[i].fs : "-", size);
			for (size_t f = 0; f < inv->n_found; f++)
				if (inv->found[f].part == i)
					wr_buf_printf(&b, " [%s%s]",
					              wr_found_kind_name(inv->found[f].kind),
					              found_state(&inv->found[f]));
			pane_add(p, inv->parts[i].role == WR_ROLE_BITLOCKER ? ROW_WARN : ROW_NORMAL,
			         2, i, "%s", wr_buf_str(&b));
			wr_buf_free(&b);
		}
	}
}

static void source_rows(struct console *c, struct pane *p)
{
	pane_clear(p);
	if (c->loading) {
		pthread_mutex_lock(&c->load.lock);
		pane_add(p, ROW_DIM, 0, 0, "%s", c->load.message);
		pthread_mutex_unlock(&c->load.lock);
		return;
	}
	if (c->have_inv)
		disk_rows(c, p);
	for (size_t i = 0; c->session && i < wr_stage_hive_count(wr_session_stage(c->session));
	     i++) {
		const char *ro = wr_stage_read_only(wr_session_stage(c->session), i);

		pane_add(p, ro ? ROW_WARN : ROW_NORMAL, 0, i, "%s%s",
		         wr_session_short_label(c->session, i),
		         ro                                   ? _(" (read-only)")
		         : wr_session_replayed(c->session, i) ? _(" (recovered from its logs)")
		                                              : "");
	}
}

/* {bootmgr}, then the display order, then every other object. */
static void object_rows(struct console *c, struct pane *p)
{
	struct wr_bcd_display d = {.bcd = c->bcd};
	bool *shown;
	size_t n;

	pane_clear(p);
	if (!c->bcd) {
		pane_add(p, ROW_DIM, 0, 0, "%s", c->loading ? _("loading...") : _("no BCD store"));
		return;
	}
	n = wr_bcd_count(c->bcd);
	shown = calloc(n + 1, sizeof(*shown));
	for (int pass = 0; shown && pass < 2; pass++)
		for (size_t i = 0; i < n; i++) {
			const struct wr_bcd_object *o = wr_bcd_object(c->bcd, i);
			const struct wr_bcd_element *desc = wr_bcd_object_element(o, 0x12000004);
			char *text = desc ? wr_utf16le_decode(desc->data, desc->len) : NULL;

			if (!shown[i] && (pass == 1 || strcmp(o->guid, WR_BCD_GUID_BOOTMGR) == 0)) {
				shown[i] = true;
				pane_add(p, ROW_NORMAL, 0, i, "%-13s %s",
				         wr_bcd_object_ref(&d, o->guid), text ? text : "");
			}
			free(text);
		}
	free(shown);
}

/* One element: name padded as bcdedit pads it, the value, its source. */
static void element_row(struct console *c, struct pane *p, const struct wr_bcd_object *obj,
                        const struct wr_bcd_inherited *in, const struct wr_bcd_display *d)
{
	struct wr_buf name = WR_BUF_INIT, value = WR_BUF_INIT;
	struct wr_bcd_value v;
	char *cursor, *line;
	bool first = true;

	wr_bcd_element_name(in->source, in->element->id, &name);
	if (wr_bcd_value_decode(in->element, &v) < 0) /* not read, which "invalid" would not say */
		wr_buf_puts(&value, _("out of memory"));
	else
		wr_bcd_value_format(d, in->source, in->element, &v, &value);
	wr_bcd_value_clear(&v);
	if (in->source != obj)
		wr_buf_printf(&value, _("  (from %s)"), wr_bcd_object_ref(d, in->source->guid));
	cursor = value.data ? value.data : (char *)"";
	while ((line = wr_next_line(&cursor))) {
		pane_add(p, in->source != obj ? ROW_INHERITED : ROW_NORMAL, 0, in->element->id,
		         "%-23s %s", first ? wr_buf_str(&name) : "", line);
		first = false;
	}
	wr_buf_free(&name);
	wr_buf_free(&value);
}

static void element_rows(struct console *c, struct pane *p)
{
	struct pane *objects = &c->panes[PANE_OBJECTS];
	struct wr_bcd_display d = {.bcd = c->bcd,
	                           .partition = c->have_inv ? wr_inventory_name_partition : NULL,
	                           .partition_opaque = &c->inv};
	const struct wr_bcd_object *obj;
	struct wr_bcd_inherited *all = NULL;
	struct wr_buf heading = WR_BUF_INIT;
	size_t n = 0;

	pane_clear(p);
	if (!c->bcd || objects->sel >= objects->n_rows)
		return;
	obj = wr_bcd_object(c->bcd, objects->rows[objects->sel].ref);
	wr_bcd_object_title(obj, true, &heading);
	pane_add(p, ROW_HEADING, 0, 0, "%s  %s", wr_buf_str(&heading),
	         wr_bcd_object_ref(&d, obj->guid));
	wr_buf_free(&heading);
	if (wr_bcd_effective_all(c->bcd, obj, &all, &n, NULL) < 0) { /* not "no elements" */
		pane_add(p, ROW_WARN, 0, 0, "%s", _("out of memory"));
		return;
	}
	for (size_t i = 0; i < n; i++)
		element_row(c, p, obj, &all[i], &d);
	free(all);
}

/* The columns the code point at *q takes, and *q moved past it. */
static int next_width(const char **q)
{
	int32_t cp = wr_utf8_next(q);
	int w;

	if (cp < 0) {
		(*q)++; /* a stray byte: shown as one column */
		return 1;
	}
	w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;
}

void pane_add_wrapped(struct pane *p, enum row_kind kind, int indent, int more, size_t ref,
                      const char *line)
{
	int width = p->w > 6 ? p->w - 2 : 40;

	while (*line) {
		const char *q = line, *cut = line;
		int cols = 0;

		/* Whole characters that fit; at least one, so that it ends. */
		while (*q && (cols += next_width(&q)) <= width - indent)
			cut = q;
		if (cut == line)
			cut = q;
		/* Break after a blank when there is one, not inside a word. */
		for (const char *b = cut; *cut && b > line + 1; b--)
			if (b[-1] == ' ') {
				cut = b;
				break;
			}
		pane_add(p, kind, indent, ref, "%.*s", (int)(cut - line), line);
		line = cut;
		indent += indent < width / 2 ? more : 0;
		more = 0;
	}
}

/* A diff line, wrapped to the pane: a command must be readable whole. */
static void pending_line(struct pane *p, const char *line, size_t txn)
{
	pane_add_wrapped(p, strncmp(line, "    ", 4) == 0 ? ROW_DIM : ROW_NORMAL, 0, 4, txn, line);
}

static void pending_rows(struct console *c, struct pane *p)
{
	const struct wr_stage *s = c->session ? wr_session_stage(c->session) : NULL;

	pane_clear(p);
	for (size_t i = 0; s && i < wr_stage_count(s); i++) {
		const struct wr_txn *t = wr_stage_txn(s, i);
		struct wr_buf b = WR_BUF_INIT;
		char *cursor, *line;

		pane_add(p, ROW_HEADING, 0, i, "%s", t->name);
		wr_txn_render(s, t, WR_DIFF_COMMANDS | WR_DIFF_VALUES, &b);
		if (b.oom) {
			pane_add(p, ROW_WARN, 2, i, "%s", _("out of memory"));
			wr_buf_free(&b);
			continue;
		}
		cursor = b.data ? b.data : (char *)"";
		while ((line = wr_next_line(&cursor)))
			pending_line(p, line + (line[0] == ' ' && line[1] == ' ' ? 2 : 0), i);
		wr_buf_free(&b);
	}
	if (p->n_rows == 0)
		pane_add(p, ROW_DIM, 0, 0, "%s", _("nothing staged: F2 for repairs"));
}

/* The session's BCD store as it is now in memory (after staged edits). */
void panes_reload_bcd(struct console *c)
{
	wr_bcd_free(c->bcd);
	c->bcd = NULL;
	if (c->session && c->bcd_hive >= 0)
		c->bcd = wr_bcd_load(
		    wr_stage_hive(wr_session_stage(c->session), (size_t)c->bcd_hive), NULL);
}

void panes_rebuild(struct console *c)
{
	source_rows(c, &c->panes[PANE_DISKS]);
	object_rows(c, &c->panes[PANE_OBJECTS]);
	element_rows(c, &c->panes[PANE_ELEMENTS]);
	tree_rows(c, &c->panes[PANE_REGISTRY]);
	pending_rows(c, &c->panes[PANE_PENDING]);
	for (int i = 0; i < PANE_COUNT; i++)
		pane_move(&c->panes[i], 0);
	findings_rows(c);
}

/* Only the elements follow the object selection; the rest is unchanged. */
void panes_object_moved(struct console *c)
{
	c->panes[PANE_ELEMENTS].sel = 0;
	element_rows(c, &c->panes[PANE_ELEMENTS]);
}
