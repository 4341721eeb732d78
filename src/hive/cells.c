/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cells.c - before libhivex deletes a key: every cell it would free or rewrite must be a cell. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/le.h"
#include "internal.h"

/*
 * hivex_node_delete_child frees, for the key and every key below it, the
 * key cell, its subkey lists ("lf", "lh", "li", "ri"), its value list, each
 * value cell and each value's data cell (for big data only the "db" cell),
 * its class name, and its security cell when the count of keys using it
 * drops to zero, unlinking it from its neighbours in the ring; then it
 * removes the key from its parent's "lf" or "lh" list.  Its reads check
 * offsets, but its frees only assert (mark_block_unused in hivex's write.c):
 * an offset that is not the start of a cell in use, or one cell freed
 * twice, aborts the process; the ring neighbours are written unchecked.
 * The checks below walk the same cells in the hive as hivex holds it, with
 * a map of the cells its bins hold, and refuse before anything is freed.
 */

#define MAX_DEPTH    512 /* key nesting, as Windows allows */
#define MAX_RI_DEPTH 32  /* hivex's own limit for nested "ri" lists */

/* The hive as hivex holds it now, and two bits per 8 bytes of it. */
struct image {
	uint8_t *data;
	size_t len;
	uint8_t *in_use; /* a cell in use starts here */
	uint8_t *freed;  /* the deletion frees that cell */
};

struct sk_use {
	size_t cell;
	uint32_t keys; /* keys of the subtree that use it */
};

struct plan {
	struct image img;
	struct sk_use *sks;
	size_t n_sks;
	size_t *reads; /* cells read after some of the subtree is freed */
	size_t n_reads;
	bool oom;
	bool whole;    /* the damage is not below the key: the bins do not parse */
	char why[512]; /* the first damage found */
};

static bool bit(const uint8_t *map, size_t off)
{
	return map[off / 64] & (1u << (off / 8 % 8));
}

static void set_bit(uint8_t *map, size_t off)
{
	map[off / 64] |= (uint8_t)(1u << (off / 8 % 8));
}

/* wr_regf_walk_cells: mark the cells in use. */
static int note_cell(size_t cell, size_t size, bool used, void *opaque)
{
	if (used)
		set_bit(opaque, cell);
	return 0;
}

/* A file hivex can commit to: anonymous when /proc shows it, else a new
 * one beside the hive, its name in `path` (to unlink). */
static int scratch_file(const struct wr_hive *hive, char *path, size_t size, bool *named)
{
	int fd = memfd_create("winrescue-hive", MFD_CLOEXEC);

	*named = false;
	if (fd >= 0) {
		snprintf(path, size, "/proc/self/fd/%d", fd);
		if (access(path, W_OK) == 0)
			return fd;
		close(fd);
	}
	if ((size_t)snprintf(path, size, "%s.winrescue-check-XXXXXX", hive->path) >= size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = mkostemp(path, O_CLOEXEC);
	*named = fd >= 0;
	return fd;
}

/*
 * Map the hive as hivex holds it: hivex_commit into a scratch file (the
 * only way to see its image; it also bumps the sequence numbers in its
 * copy of the base block, which wr_hive_commit puts right), and the cells
 * of its bins.  Returns 0; 1 with the damage recorded when the bins do not
 * parse; -1 with errno set.
 */
static int map_image(struct wr_hive *hive, struct plan *p)
{
	struct image *img = &p->img;
	struct wr_error e = {0};
	char path[4096];
	struct stat st;
	bool named;
	int fd = scratch_file(hive, path, sizeof(path), &named), saved;

	if (fd < 0)
		return -1;
	if (hivex_commit(hive->h, path, 0) == 0 && fstat(fd, &st) == 0) {
		img->len = (size_t)st.st_size;
		img->data = mmap(NULL, img->len, PROT_READ, MAP_PRIVATE, fd, 0);
		if (img->data == MAP_FAILED)
			img->data = NULL;
	}
	saved = errno;
	if (named)
		unlink(path);
	close(fd);
	errno = saved;
	if (!img->data)
		return -1;
	img->in_use = calloc(img->len / 64 + 1, 1);
	img->freed = calloc(img->len / 64 + 1, 1);
	if (!img->in_use || !img->freed) {
		errno = ENOMEM;
		return -1;
	}
	if (wr_regf_walk_cells(img->data, img->len, note_cell, img->in_use, &e) == 0)
		return 0;
	p->whole = true;
	snprintf(p->why, sizeof(p->why), "%s", e.msg);
	return 1;
}

static void unmap_image(struct image *img)
{
	if (img->data)
		munmap(img->data, img->len);
	free(img->in_use);
	free(img->freed);
}

static int damage(struct plan *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Record why the deletion is refused (the first reason); returns -1. */
static int damage(struct plan *p, const char *fmt, ...)
{
	va_list ap;

	if (!p->why[0]) {
		va_start(ap, fmt);
		vsnprintf(p->why, sizeof(p->why), fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* A 32-bit field of the record in the cell at `cell`. */
static uint32_t field(const struct plan *p, size_t cell, size_t off)
{
	return wr_le32(p->img.data + cell + WR_CELL_HEADER_LEN + off);
}

static size_t cell_size(const struct plan *p, size_t cell)
{
	int32_t raw = (int32_t)wr_le32(p->img.data + cell);

	return (size_t) - (int64_t)raw; /* in use: negative */
}

/*
 * The cell `rel` (relative to the first bin, as records give it) names:
 * a cell in use, of at least `min` bytes, whose record starts with `sig`
 * when not NULL.  Returns its offset in the image, or 0 (the damage
 * recorded, `what` naming it).
 */
static size_t cell_at(struct plan *p, uint32_t rel, size_t min, const char *sig, const char *what)
{
	uint64_t off = (uint64_t)rel + WR_REGF_BASE_SIZE;

	if (off % WR_CELL_ALIGN || off >= p->img.len || !bit(p->img.in_use, (size_t)off)) {
		damage(p, _("%s at offset 0x%llx is not the start of a cell in use"), what,
		       (unsigned long long)off);
		return 0;
	}
	if (cell_size(p, (size_t)off) < min) {
		damage(p, _("%s at offset 0x%llx is too small (%zu bytes)"), what,
		       (unsigned long long)off, cell_size(p, (size_t)off));
		return 0;
	}
	if (sig && memcmp(p->img.data + off + WR_CELL_HEADER_LEN, sig, 2) != 0) {
		damage(p, _("%s at offset 0x%llx has no \"%s\" signature"), what,
		       (unsigned long long)off, sig);
		return 0;
	}
	return (size_t)off;
}

/* The deletion frees `cell`: once only. */
static int free_cell(struct plan *p, size_t cell, const char *what)
{
	if (bit(p->img.freed, cell))
		return damage(p, _("%s at offset 0x%zx would be freed twice"), what, cell);
	set_bit(p->img.freed, cell);
	return 0;
}

/* Find the cell `rel` names (see cell_at) and free it. */
static size_t take(struct plan *p, uint32_t rel, size_t min, const char *sig, const char *what)
{
	size_t cell = cell_at(p, rel, min, sig, what);

	return cell && free_cell(p, cell, what) == 0 ? cell : 0;
}

static void *grow(struct plan *p, void *array, size_t n, size_t size)
{
	void *bigger = NULL;

	/* Doubling: grow at 1, 2, 4, ... elements. */
	if (n == 0 || (n & (n - 1)) == 0) {
		bigger = reallocarray(array, n ? 2 * n : 1, size);
		if (!bigger)
			p->oom = true;
		return bigger;
	}
	return array;
}

/* `cell` is read during the deletion, after cells of the subtree may be free. */
static int note_read(struct plan *p, size_t cell)
{
	size_t *reads = grow(p, p->reads, p->n_reads, sizeof(*reads));

	if (!reads)
		return -1;
	p->reads = reads;
	p->reads[p->n_reads++] = cell;
	return 0;
}

/* One more key of the subtree uses the security cell `rel`. */
static int use_sk(struct plan *p, uint32_t rel)
{
	size_t cell = cell_at(p, rel, WR_CELL_HEADER_LEN + WR_SK_DESC, WR_SK_SIGNATURE,
	                      _("a security descriptor"));
	struct sk_use *sks;

	if (!cell)
		return -1;
	for (size_t i = 0; i < p->n_sks; i++)
		if (p->sks[i].cell == cell) {
			p->sks[i].keys++;
			return 0;
		}
	sks = grow(p, p->sks, p->n_sks, sizeof(*sks));
	if (!sks)
		return -1;
	p->sks = sks;
	p->sks[p->n_sks++] = (struct sk_use){cell, 1};
	return 0;
}

/* A big data value's "db" cell (hivex frees only that one): its segment
 * list and segments are read as the value is, after earlier keys are freed. */
static int note_big_data(struct plan *p, size_t data, uint32_t len)
{
	size_t size = cell_size(p, data), list_size, n;
	uint64_t list;

	if (len <= size - WR_CELL_HEADER_LEN || size < WR_CELL_HEADER_LEN + WR_DB_LIST + 4 ||
	    memcmp(p->img.data + data + WR_CELL_HEADER_LEN, WR_DB_SIGNATURE, 2) != 0)
		return 0;
	list = (uint64_t)field(p, data, WR_DB_LIST) + WR_REGF_BASE_SIZE;
	if (list % WR_CELL_ALIGN || list >= p->img.len || !bit(p->img.in_use, (size_t)list))
		return 0; /* hivex's read of the value refuses it: see the visit below */
	if (note_read(p, (size_t)list) < 0)
		return -1;
	n = wr_le16(p->img.data + data + WR_CELL_HEADER_LEN + WR_DB_COUNT);
	list_size = cell_size(p, (size_t)list);
	for (size_t i = 0; i < n && WR_CELL_HEADER_LEN + 4 * (i + 1) <= list_size; i++) {
		uint64_t seg = (uint64_t)field(p, (size_t)list, 4 * i) + WR_REGF_BASE_SIZE;

		if (seg < p->img.len && note_read(p, (size_t)seg) < 0)
			return -1;
	}
	return 0;
}

static int too_many(struct plan *p, const char *what, size_t cell, uint64_t n)
{
	return damage(p,
	              _("%s at offset 0x%zx lists %llu entries, more than its %zu-byte cell holds"),
	              what, cell, (unsigned long long)n, cell_size(p, cell));
}

/* The key's value list, values and their data. */
static int take_values(struct plan *p, size_t nk)
{
	const char *what = _("a value list");
	uint32_t n = field(p, nk, WR_NK_VALUE_COUNT);
	size_t list;

	if (n == 0)
		return 0;
	list = take(p, field(p, nk, WR_NK_VALUE_LIST), 0, NULL, what);
	if (!list)
		return -1;
	if (WR_CELL_HEADER_LEN + 4 * (uint64_t)n > cell_size(p, list))
		return too_many(p, what, list, n);
	for (uint32_t i = 0; i < n; i++) {
		size_t vk = take(p, field(p, list, 4 * i), WR_CELL_HEADER_LEN + WR_VK_NAME,
		                 WR_VK_SIGNATURE, _("a value"));
		uint32_t len;
		size_t data;

		if (!vk)
			return -1;
		len = field(p, vk, WR_VK_DATA_LEN);
		if (len & WR_VK_DATA_INLINE)
			continue;
		data = take(p, field(p, vk, WR_VK_DATA), 0, NULL, _("a value's data"));
		if (!data || note_big_data(p, data, len) < 0)
			return -1;
	}
	return 0;
}

/* A walk of a key's subkey lists. */
struct list_walk {
	bool subtree;   /* a key being deleted: its lists are freed, its keys checked */
	unsigned depth; /* of that key */
	size_t entries; /* keys the lists name */
	size_t target;  /* the parent's lists: the key being deleted, */
	size_t links;   /* and how many "lf" or "lh" entries name it */
};

static int check_key(struct plan *p, uint32_t rel, unsigned depth);

/* The subkey list `rel` and the lists or keys it names. */
static int walk_list(struct plan *p, uint32_t rel, struct list_walk *w, unsigned ri_depth)
{
	const char *what = _("a subkey list");
	const size_t min = WR_CELL_HEADER_LEN + WR_LIST_ENTRIES;
	size_t list = w->subtree ? take(p, rel, min, NULL, what) : cell_at(p, rel, min, NULL, what);
	const uint8_t *rec;
	bool leaf, index, root;
	size_t n, step;

	if (!list || (!w->subtree && note_read(p, list) < 0))
		return -1;
	rec = p->img.data + list + WR_CELL_HEADER_LEN;
	leaf = !memcmp(rec, WR_LIST_LF, 2) || !memcmp(rec, WR_LIST_LH, 2);
	index = !memcmp(rec, WR_LIST_LI, 2);
	root = !memcmp(rec, WR_LIST_RI, 2);
	if (!leaf && !index && !root)
		return damage(
		    p, _("%s at offset 0x%zx is not an \"lf\", \"lh\", \"li\" or \"ri\" list"),
		    what, list);
	n = wr_le16(rec + WR_LIST_COUNT);
	step = leaf ? WR_LIST_LEAF_ENTRY : WR_LIST_INDEX_ENTRY;
	if (min + n * step > cell_size(p, list))
		return too_many(p, what, list, n);
	if (root && ri_depth >= MAX_RI_DEPTH)
		return damage(p, _("%s at offset 0x%zx nests \"ri\" lists deeper than %u levels"),
		              what, list, MAX_RI_DEPTH);
	for (size_t i = 0; i < n; i++) {
		uint32_t entry = wr_le32(rec + WR_LIST_ENTRIES + step * i);

		if (root) {
			if (walk_list(p, entry, w, ri_depth + 1) < 0)
				return -1;
			continue;
		}
		w->entries++;
		if (leaf && (uint64_t)entry + WR_REGF_BASE_SIZE == w->target)
			w->links++;
		if (w->subtree && check_key(p, entry, w->depth + 1) < 0)
			return -1;
	}
	return 0;
}

/* Walk the subkey lists of the key at `nk`; they must name as many keys as it says. */
static int walk_subkeys(struct plan *p, size_t nk, struct list_walk *w)
{
	uint32_t count = field(p, nk, WR_NK_SUBKEY_COUNT);

	if (count && walk_list(p, field(p, nk, WR_NK_SUBKEY_LIST), w, 0) < 0)
		return -1;
	if (w->entries != count)
		return damage(p, _("the key at offset 0x%zx has %u subkeys, its lists name %zu"),
		              nk, count, w->entries);
	return 0;
}

/* The key `rel` and everything below it, as hivex frees them. */
static int check_key(struct plan *p, uint32_t rel, unsigned depth)
{
	size_t nk = take(p, rel, WR_CELL_HEADER_LEN + WR_NK_NAME, WR_NK_SIGNATURE, _("a key"));
	struct list_walk w = {.subtree = true, .depth = depth};
	uint32_t sk, class;

	if (!nk)
		return -1;
	if (depth > MAX_DEPTH)
		return damage(p, _("its subkeys nest deeper than %u levels"), MAX_DEPTH);
	if (walk_subkeys(p, nk, &w) < 0 || take_values(p, nk) < 0)
		return -1;
	sk = field(p, nk, WR_NK_SECURITY);
	if (sk != WR_CELL_NONE && use_sk(p, sk) < 0)
		return -1;
	class = field(p, nk, WR_NK_CLASS);
	if (class != WR_CELL_NONE && !take(p, class, 0, NULL, _("a class name")))
		return -1;
	return 0;
}

/* A security cell no key uses any more is freed and unlinked from its
 * ring: hivex writes into both neighbours unchecked. */
static int release_sks(struct plan *p)
{
	const char *ring = _("a neighbour of a freed security descriptor");
	const size_t min = WR_CELL_HEADER_LEN + WR_SK_REFS;

	for (size_t i = 0; i < p->n_sks; i++) {
		size_t sk = p->sks[i].cell;
		uint32_t refs = field(p, sk, WR_SK_REFS), self = (uint32_t)(sk - WR_REGF_BASE_SIZE);
		uint32_t next = field(p, sk, WR_SK_NEXT), prev = field(p, sk, WR_SK_PREV);

		if (p->sks[i].keys > refs)
			return damage(
			    p,
			    _("the security descriptor at offset 0x%zx is used by %u keys "
			      "below it, more than its count of %u"),
			    sk, p->sks[i].keys, refs);
		if (p->sks[i].keys < refs)
			continue;
		if (free_cell(p, sk, _("a security descriptor")) < 0)
			return -1;
		/* The last of its ring: hivex leaves the links alone. */
		if (next == self || prev == self)
			continue;
		if (!cell_at(p, next, min, WR_SK_SIGNATURE, ring) ||
		    !cell_at(p, prev, min, WR_SK_SIGNATURE, ring))
			return -1;
	}
	return 0;
}

/* Then hivex takes the key out of the first "lf" or "lh" entry of its
 * parent naming it: exactly one must. */
static int check_parent(struct plan *p, size_t node)
{
	const char *what = _("its parent key");
	size_t parent = cell_at(p, field(p, node, WR_NK_PARENT), WR_CELL_HEADER_LEN + WR_NK_NAME,
	                        WR_NK_SIGNATURE, what);
	struct list_walk w = {.target = node};

	if (!parent || note_read(p, parent) < 0 || walk_subkeys(p, parent, &w) < 0)
		return -1;
	if (w.links != 1)
		return damage(p,
		              _("its parent key at offset 0x%zx names it in %zu \"lf\" or \"lh\" "
		                "list entries, not one"),
		              parent, w.links);
	return 0;
}

/* What hivex reads after it started freeing must not be among what it frees. */
static int check_reads(struct plan *p)
{
	for (size_t i = 0; i < p->n_reads; i++)
		if (bit(p->img.freed, p->reads[i]))
			return damage(
			    p,
			    _("the cell at offset 0x%zx is read or written after the frees, "
			      "yet freed with them"),
			    p->reads[i]);
	return 0;
}

/* "Objects\{...}\Elements\25000080", for the message. */
static void key_path(struct wr_hive *hive, wr_node node, struct wr_buf *out)
{
	char *names[MAX_DEPTH];
	size_t n = 0;

	for (; node && node != hivex_root(hive->h) && n < MAX_DEPTH; n++) {
		names[n] = hivex_node_name(hive->h, node);
		if (!names[n])
			break;
		node = hivex_node_parent(hive->h, node);
	}
	while (n-- > 0) {
		wr_buf_puts(out, names[n]);
		wr_buf_puts(out, n ? "\\" : "");
		free(names[n]);
	}
}

/* The subtree as hivex's deletion walks it, on the mapped image: 0, 1
 * with the damage recorded, -1 with errno set. */
static int check_cells(struct wr_hive *hive, wr_node node, struct plan *p)
{
	int r = map_image(hive, p);

	if (r != 0)
		return r;
	if (check_key(p, (uint32_t)(node - WR_REGF_BASE_SIZE), 0) == 0 && release_sks(p) == 0 &&
	    check_parent(p, node) == 0 && check_reads(p) == 0)
		return 0;
	if (!p->oom)
		return 1;
	errno = ENOMEM;
	return -1;
}

int wr__hive_check_delete(struct wr_hive *hive, wr_node node, struct wr_error *err)
{
	/* The reads hivex's deletion makes, in the same walk, with nothing freed. */
	static const struct hivex_visitor reads_only = {0};
	struct plan p = {0};
	struct wr_buf path = WR_BUF_INIT;
	int r = check_cells(hive, node, &p), e = errno;

	if (r == 0 &&
	    hivex_visit_node(hive->h, node, &reads_only, sizeof(reads_only), NULL, 0) < 0) {
		snprintf(p.why, sizeof(p.why), _("libhivex cannot read it: %s"), strerror(errno));
		r = 1;
	}
	if (r != 0)
		key_path(hive, node, &path);
	if (r < 0)
		wr_error_set(err, e, _("cannot check the hive before deleting %s: %s"),
		             wr_buf_str(&path), strerror(e));
	else if (r > 0 && p.whole)
		wr_error_set(err, EINVAL,
		             _("the hive is damaged (%s); winrescue does not delete %s"), p.why,
		             wr_buf_str(&path));
	else if (r > 0)
		wr_error_set(err, EINVAL,
		             _("the hive is damaged below %s: %s; winrescue does not delete it"),
		             wr_buf_str(&path), p.why);
	wr_buf_free(&path);
	unmap_image(&p.img);
	free(p.sks);
	free(p.reads);
	return r == 0 ? 0 : -1;
}

/* A key's values as hivex_node_set_value(s) rewrite them: the list, every
 * value and every value's data freed, then the key written.  0, 1 with the
 * damage recorded, -1 with errno set. */
static int check_key_values(struct wr_hive *hive, wr_node node, struct plan *p)
{
	int r = map_image(hive, p);
	size_t nk;

	if (r != 0)
		return r;
	nk = cell_at(p, (uint32_t)(node - WR_REGF_BASE_SIZE), WR_CELL_HEADER_LEN + WR_NK_NAME,
	             WR_NK_SIGNATURE, _("the key"));
	if (nk && note_read(p, nk) == 0 && take_values(p, nk) == 0 && check_reads(p) == 0)
		return 0;
	if (!p->oom)
		return 1;
	errno = ENOMEM;
	return -1;
}

int wr__hive_check_values(struct wr_hive *hive, wr_node node, struct wr_error *err)
{
	struct plan p = {0};
	struct wr_buf path = WR_BUF_INIT;
	int r = check_key_values(hive, node, &p), e = errno;

	if (r != 0)
		key_path(hive, node, &path);
	if (r < 0)
		wr_error_set(err, e, _("cannot check the hive before changing %s: %s"),
		             wr_buf_str(&path), strerror(e));
	else if (r > 0 && p.whole)
		wr_error_set(
		    err, EINVAL,
		    _("the hive is damaged (%s); winrescue does not change the values of %s"),
		    p.why, wr_buf_str(&path));
	else if (r > 0)
		wr_error_set(
		    err, EINVAL,
		    _("the hive is damaged at %s: %s; winrescue does not change its values"),
		    wr_buf_str(&path), p.why);
	wr_buf_free(&path);
	unmap_image(&p.img);
	free(p.sks);
	free(p.reads);
	return r == 0 ? 0 : -1;
}
