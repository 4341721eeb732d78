/* SPDX-License-Identifier: GPL-3.0-or-later */
/* guest-keys.c - the keys given for BitLocker volumes (--key), kept until a scan has used them. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/file.h"
#include "base/i18n.h"
#include "bitlocker/bitlocker.h"
#include "guest-internal.h"

/* A password file or a .BEK is a few hundred bytes; more is not a key. */
#define KEY_FILE_MAX 65536

static void wipe_free(void *p, size_t len)
{
	if (p)
		explicit_bzero(p, len);
	free(p);
}

static void key_free(struct guest_key *k)
{
	free(k->target);
	wipe_free(k->text, k->text_len);
	free(k->file);
	memset(k, 0, sizeof(*k));
}

void wr_guest_forget_keys(struct wr_guest *g)
{
	for (size_t i = 0; i < g->n_keys; i++)
		key_free(&g->keys[i]);
	free(g->keys);
	g->keys = NULL;
	g->n_keys = 0;
}

/* A key file: a startup key (.BEK) by its content, else a password on one
 * line, given to cryptsetup without its line end. */
static int read_key_file(struct guest_key *k, const char *path, struct wr_error *err)
{
	uint8_t *data;
	size_t len;

	if (wr_file_read(path, KEY_FILE_MAX, &data, &len, err) < 0) {
		if (err->code == EFBIG)
			wr_error_set(err, EFBIG, _("%s: more than %d KiB, too large for a key file"),
			             path, KEY_FILE_MAX / 1024);
		return -1;
	}
	if (wr_bl_bek_guid(data, len, k->bek_guid, err) == 0) {
		wipe_free(data, len);
		if ((k->file = strdup(path)))
			return 0;
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	while (len && (data[len - 1] == '\n' || data[len - 1] == '\r'))
		len--;
	if (len == 0 || memchr(data, '\0', len) || memchr(data, '\n', len)) {
		wipe_free(data, len);
		wr_error_set(
		    err, EINVAL,
		    _("%s: neither a BitLocker startup key (.BEK) nor a password on one line"),
		    path);
		return -1;
	}
	data[len] = '\0';
	k->text = (char *)data;
	k->text_len = len;
	return 0;
}

int wr_guest_add_key(struct wr_guest *g, const char *selector, struct wr_error *err)
{
	const char *key = strstr(selector, ":key:"), *file = strstr(selector, ":file:");
	const char *sep = key && (!file || key < file) ? key : file;
	struct guest_key k = {0}, *more;

	/* The selector holds the key: no message repeats it. */
	if (!sep || sep == selector || !sep[sep == key ? 5 : 6]) {
		wr_error_set(err, EINVAL, _("--key: give DEVICE:key:KEY or DEVICE:file:FILE"));
		return -1;
	}
	k.target = strndup(selector, (size_t)(sep - selector));
	if (!k.target)
		goto no_memory;
	if (sep == key) {
		if (!(k.text = strdup(key + 5)))
			goto no_memory;
		k.text_len = strlen(k.text);
	} else if (read_key_file(&k, file + 6, err) < 0) {
		key_free(&k);
		return -1;
	}
	if (!(more = realloc(g->keys, (g->n_keys + 1) * sizeof(*more))))
		goto no_memory;
	g->keys = more;
	g->keys[g->n_keys++] = k;
	return 0;
no_memory:
	wr_error_set(err, ENOMEM, _("out of memory"));
	key_free(&k);
	return -1;
}

/* "{8F595209-...}" or "8f595209-..." names volume `guid` too. */
static bool names_guid(const char *target, const char *guid)
{
	size_t n = strlen(target);

	if (n == strlen(guid) + 2 && target[0] == '{' && target[n - 1] == '}')
		return strncasecmp(target + 1, guid, n - 2) == 0;
	return strcasecmp(target, guid) == 0;
}

bool wr_guest_key_names(const struct wr_guest *g, const struct wr_part *p, const char *guid)
{
	for (size_t i = 0; i < g->n_keys; i++)
		if (strcmp(g->keys[i].target, p->name) == 0 ||
		    (guid[0] && names_guid(g->keys[i].target, guid)))
			return true;
	return false;
}

const struct guest_key *wr__guest_key_for(const struct wr_guest *g, size_t from,
                                          const struct wr_part *p, const char *guid, size_t *index)
{
	for (size_t i = from; i < g->n_keys; i++) {
		const char *t = g->keys[i].target;

		if (strcmp(t, "all") == 0 || strcmp(t, p->name) == 0 || names_guid(t, guid)) {
			*index = i;
			return &g->keys[i];
		}
	}
	return NULL;
}

bool wr_guest_has_keys(const struct wr_guest *g)
{
	return g->n_keys > 0;
}

/* 48 digits in eight groups as cryptsetup wants a recovery password:
 * "123456-..."; false when `text` is not one without its dashes. */
bool wr__guest_recovery_dashes(const char *text, char out[56])
{
	size_t n = 0;

	for (const char *c = text; *c; c++) {
		if (*c == ' ' || *c == '-')
			continue;
		if (!isdigit((unsigned char)*c) || n == 48)
			return false;
		if (n && n % 6 == 0)
			out[n + n / 6 - 1] = '-';
		out[n + n / 6] = *c;
		n++;
	}
	out[55] = '\0';
	return n == 48;
}

const char *wr_guest_unmatched_key(const struct wr_guest *g, const struct wr_inventory *inv)
{
	for (size_t i = 0; i < g->n_keys; i++) {
		const char *t = g->keys[i].target;
		bool named = strcmp(t, "all") == 0;

		for (size_t j = 0; !named && j < inv->n_parts; j++)
			named =
			    (inv->parts[j].role == WR_ROLE_BITLOCKER || inv->parts[j].unlocked) &&
			    (strcmp(t, inv->parts[j].name) == 0 ||
			     names_guid(t, inv->parts[j].bitlocker.guid));
		if (!named)
			return t;
	}
	return NULL;
}
