/* SPDX-License-Identifier: GPL-3.0-or-later */
/* split.c - a command line into words, as bcdedit.exe and reg.exe receive them from cmd.exe. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "command.h"

/* The word that starts at *p, into `word`; *p moves past it.  Returns 1
 * when a word was read, 0 at the end, -1 for an unclosed quote. */
static int next_word(const char **p, struct wr_buf *word)
{
	const char *s = *p;
	bool quoted = false;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s)
		return 0;
	for (; *s && (quoted || (*s != ' ' && *s != '\t')); s++) {
		size_t slashes = strspn(s, "\\");

		if (slashes && s[slashes] == '"') {
			/* 2n backslashes and a quote: n and the quote counts;
			 * 2n+1: n and a literal quote. */
			for (size_t i = 0; i < slashes / 2; i++)
				wr_buf_putc(word, '\\');
			s += slashes;
			if (slashes % 2)
				wr_buf_putc(word, '"');
			else
				quoted = !quoted;
		} else if (slashes) {
			wr_buf_add(word, s, slashes);
			s += slashes - 1;
		} else if (*s == '"') {
			quoted = !quoted;
		} else if (*s == '^' && !quoted && s[1]) {
			wr_buf_putc(word, *++s);
		} else {
			wr_buf_putc(word, *s);
		}
	}
	*p = s;
	return quoted ? -1 : 1;
}

void wr_cmd_argv_free(char **argv, int argc)
{
	for (int i = 0; argv && i < argc; i++)
		free(argv[i]);
	free(argv);
}

int wr_cmd_split(const char *line, char ***argv, int *argc, struct wr_error *err)
{
	struct wr_buf word = WR_BUF_INIT;
	char **v = NULL;
	int n = 0, r;

	while ((r = next_word(&line, &word)) > 0) {
		char **grown = realloc(v, (size_t)(n + 2) * sizeof(*v));

		if (!grown || word.oom || !(grown[n] = strdup(wr_buf_str(&word)))) {
			if (grown)
				v = grown;
			r = -2;
			break;
		}
		v = grown;
		v[++n] = NULL;
		word.len = 0;
		if (word.data)
			word.data[0] = '\0';
	}
	wr_buf_free(&word);
	if (r < 0) {
		wr_cmd_argv_free(v, n);
		if (r == -1)
			wr_error_set(err, EINVAL, _("a quote (\") is not closed"));
		else
			wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	*argv = v;
	*argc = n;
	return 0;
}
