/* SPDX-License-Identifier: GPL-3.0-or-later */
/* script-text.c - a script file as text, in the encodings Windows editors save. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/file.h"
#include "base/i18n.h"
#include "base/utf16.h"
#include "command.h"

static int as_text(const char *path, const uint8_t *data, size_t len, char **text,
                   struct wr_error *err)
{
	if (len >= 2 && data[0] == 0xff && data[1] == 0xfe) {
		/* The decoder stops at a NUL code unit: one before the end is
		 * no text. */
		for (size_t i = 2; i + 1 < len; i += 2)
			if (!data[i] && !data[i + 1])
				goto binary;
		*text = wr_utf16le_decode(data + 2, len - 2);
	} else {
		if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
			data += 3;
			len -= 3;
		}
		if (memchr(data, '\0', len))
			goto binary;
		*text = strndup((const char *)data, len);
	}
	if (!*text) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	return 0;
binary:
	wr_error_set(err, EINVAL, _("%s: not a text file (a script is UTF-8 or UTF-16 text)"),
	             path);
	return -1;
}

/* Standard input, a pipe as often as a file: read to its end. */
static int read_stdin(uint8_t **data, size_t *len, struct wr_error *err)
{
	size_t cap = 0;
	ssize_t n = 1;

	*len = 0;
	while (n > 0) {
		if (*len == cap) {
			uint8_t *grown =
			    cap <= WR_SCRIPT_MAX_BYTES ? realloc(*data, cap + 65536) : NULL;

			if (!grown && cap > WR_SCRIPT_MAX_BYTES)
				wr_error_set(err, EFBIG, _("standard input: more than %u bytes"),
				             WR_SCRIPT_MAX_BYTES);
			else if (!grown)
				wr_error_set(err, ENOMEM, _("out of memory"));
			if (!grown)
				return -1;
			*data = grown;
			cap += 65536;
		}
		n = read(STDIN_FILENO, *data + *len, cap - *len);
		if (n < 0 && errno == EINTR)
			n = 1;
		else if (n > 0)
			*len += (size_t)n;
	}
	if (n < 0) {
		wr_error_set(err, errno, _("standard input: %s"), strerror(errno));
		return -1;
	}
	if (*len > WR_SCRIPT_MAX_BYTES) {
		wr_error_set(err, EFBIG, _("standard input: more than %u bytes"),
		             WR_SCRIPT_MAX_BYTES);
		return -1;
	}
	return 0;
}

int wr_script_read(const char *path, char **text, struct wr_error *err)
{
	uint8_t *data = NULL;
	size_t len = 0;
	int r;

	if (strcmp(path, "-") == 0) {
		if (read_stdin(&data, &len, err) < 0) {
			free(data);
			return -1;
		}
	} else if (wr_file_read(path, WR_SCRIPT_MAX_BYTES, &data, &len, err) < 0) {
		return -1;
	}
	r = as_text(strcmp(path, "-") == 0 ? _("standard input") : path, data, len, text, err);
	free(data);
	return r;
}
