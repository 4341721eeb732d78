/* SPDX-License-Identifier: GPL-3.0-or-later */
/* firewall.c - the guest firewall lets Remote Desktop in: its rule on (catalog R-8), "block all
 * incoming connections" off. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "internal.h"
#include "repair.h"
#include "txn/txn.h"

#define FW_POLICY "Services\\SharedAccess\\Parameters\\FirewallPolicy"
#define FW_RULES  FW_POLICY "\\FirewallRules"

/* The rules "Enable or disable a firewall rule on a guest OS" turns on; the
 * UDP one only where Windows has it. */
static const char *const rdp_rules[] = {"RemoteDesktop-UserMode-In-TCP",
                                        "RemoteDesktop-UserMode-In-UDP"};
/* Windows 7 and 2008 R2 let RDP in by this rule (App=System): their UserMode
 * rule is RemoteFX's.  Where it is there, it is the rule turned on. */
static const char *const win7_rules[] = {"RemoteDesktop-In-TCP"};

/* REG DELETE ... /v DoNotAllowExceptions in the three profiles of
 * every control set, ... */
static const struct wr_reg_want block_all[] = {
    {FW_POLICY "\\DomainProfile", "DoNotAllowExceptions", {0}, WR_WANT_ABSENT},
    {FW_POLICY "\\PublicProfile", "DoNotAllowExceptions", {0}, WR_WANT_ABSENT},
    {FW_POLICY "\\StandardProfile", "DoNotAllowExceptions", {0}, WR_WANT_ABSENT},
};
/* ... when one of them blocks: 0, the default, blocks nothing and is no
 * finding. */
static const struct wr_reg_want block_all_off[] = {
    {FW_POLICY "\\DomainProfile", "DoNotAllowExceptions", WR_REG_WANT_DWORD(0), WR_WANT_IF_VALUE},
    {FW_POLICY "\\PublicProfile", "DoNotAllowExceptions", WR_REG_WANT_DWORD(0), WR_WANT_IF_VALUE},
    {FW_POLICY "\\StandardProfile", "DoNotAllowExceptions", WR_REG_WANT_DWORD(0), WR_WANT_IF_VALUE},
};

/* Where in a REG_SZ rule ("v2.22|Action=Allow|Active=FALSE|...", UTF-16LE)
 * the data of token `name` ("Active=") starts, and its length in bytes;
 * false when the rule has no such token. */
static bool rule_token(const struct wr_value *v, const char *name, size_t *at, size_t *len)
{
	size_t n = strlen(name);

	for (size_t i = 0; i + 2 * (n + 1) <= v->len; i += 2) {
		bool match = v->data[i] == '|' && v->data[i + 1] == 0;

		for (size_t k = 0; match && k < n; k++)
			match = v->data[i + 2 + 2 * k] == (uint8_t)name[k] &&
			        v->data[i + 3 + 2 * k] == 0;
		if (!match)
			continue;
		*at = i + 2 * (n + 1);
		for (*len = 0; *at + *len + 1 < v->len; *len += 2)
			if (v->data[*at + *len + 1] == 0 &&
			    (v->data[*at + *len] == '|' || v->data[*at + *len] == 0))
				break;
		return true;
	}
	return false;
}

/* Whether the token data at `at` is the ASCII `word`. */
static bool token_is(const struct wr_value *v, size_t at, size_t len, const char *word)
{
	if (len != 2 * strlen(word))
		return false;
	for (size_t k = 0; word[k]; k++)
		if (v->data[at + 2 * k] != (uint8_t)word[k] || v->data[at + 2 * k + 1] != 0)
			return false;
	return true;
}

/* Rule `name` of `key` as read: 1 when it is there with Active=FALSE (*v
 * then holds it, *at and *len its token), 0 when not, -1 on failure. */
static int inactive_rule(struct wr_hive *h, const char *key, const char *name, struct wr_value *v,
                         size_t *at, size_t *len, bool *present, struct wr_error *err)
{
	wr_node n;
	int r = wr_hive_lookup(h, wr_hive_root(h), key, &n, err);

	*present = false;
	if (r == 0)
		r = wr_hive_get_value(h, n, name, v, err);
	if (r != 0)
		return r < 0 ? -1 : 0;
	*present = v->type == WR_REG_SZ;
	if (*present && rule_token(v, "Active=", at, len) && token_is(v, *at, *len, "FALSE"))
		return 1;
	wr_value_clear(v);
	return 0;
}

/* The rule with its Active token TRUE, every other byte kept. */
static int activate(struct wr_stage *s, size_t hive, const char *key, const char *name,
                    const struct wr_value *v, size_t at, size_t len, struct wr_error *err)
{
	static const uint8_t on[] = {'T', 0, 'R', 0, 'U', 0, 'E', 0};
	size_t out_len = v->len - len + sizeof(on);
	uint8_t *out = malloc(out_len);
	int r;

	if (!out) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	memcpy(out, v->data, at);
	memcpy(out + at, on, sizeof(on));
	memcpy(out + at + sizeof(on), v->data + at + len, v->len - at - len);
	r = wr_txn_reg_set(s, hive, key, name, WR_REG_SZ, out, out_len, err);
	free(out);
	return r;
}

/* Whether `key` has Windows 7's RDP rule. */
static int has_win7_rule(struct wr_hive *h, const char *key, struct wr_error *err)
{
	struct wr_value v = {0};
	size_t at, len;
	bool present;
	int r = inactive_rule(h, key, win7_rules[0], &v, &at, &len, &present, err);

	wr_value_clear(&v);
	return r < 0 ? -1 : present;
}

/* "  KEY NAME: Active=FALSE -> Active=TRUE" */
static void show_rule(struct wr_buf *report, const char *key, const char *name, bool present,
                      bool off)
{
	wr_buf_printf(report, "  %s %s: ", key, name);
	if (!present)
		wr_buf_puts(report, _("(not set)"));
	else if (off)
		wr_buf_puts(report, "Active=FALSE -> Active=TRUE");
	else
		wr_buf_printf(report, "Active=TRUE%s", _(" (as wanted)"));
	wr_buf_putc(report, '\n');
}

/* the rules on, in the control set Select\Current names. */
static int rules(struct wr_stage *s, size_t hive, bool *needed, struct wr_buf *report, bool apply,
                 struct wr_error *err)
{
	struct wr_hive *h = wr_stage_hive(s, hive);
	char set[16], key[96];
	const char *const *names;
	size_t n;
	int r;

	if (wr__repair_current_set_there(h, set, err) < 0)
		return -1;
	snprintf(key, sizeof(key), "%s\\%s", set, FW_RULES);
	if ((r = has_win7_rule(h, key, err)) < 0)
		return -1;
	names = r ? win7_rules : rdp_rules;
	n = r ? 1 : sizeof(rdp_rules) / sizeof(rdp_rules[0]);
	for (size_t i = 0; i < n; i++) {
		struct wr_value v = {0};
		size_t at, len;
		bool present;

		r = inactive_rule(h, key, names[i], &v, &at, &len, &present, err);
		if (r < 0)
			return -1;
		if (report && (present || i == 0))
			show_rule(report, key, names[i], present, r == 1);
		*needed |= r == 1;
		if (r == 1 && apply)
			r = activate(s, hive, key, names[i], &v, at, len, err);
		wr_value_clear(&v);
		if (r < 0)
			return -1;
	}
	return 0;
}

int wr__repair_firewall(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                        bool *needed, struct wr_buf *report, bool apply, struct wr_error *err)
{
	bool blocking = false;

	(void)o;
	if (rules(s, hive, needed, report, apply, err) < 0 ||
	    wr__repair_values(s, hive, block_all_off,
	                      sizeof(block_all_off) / sizeof(block_all_off[0]),
	                      WR_VALUES_EVERY_CONTROL_SET, &blocking, NULL, false, err) < 0)
		return -1;
	if (!blocking)
		return 0;
	return wr__repair_values(s, hive, block_all, sizeof(block_all) / sizeof(block_all[0]),
	                         WR_VALUES_EVERY_CONTROL_SET, needed, report, apply, err);
}
