/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bl-dump.c - what the BitLocker reader finds in a volume image or a .BEK file, one fact a line
 * (for t-bitlocker.sh). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/file.h"
#include "bitlocker/bitlocker.h"

static const char *const types[] = {
    [WR_BL_TYPE_NORMAL] = "normal",
    [WR_BL_TYPE_USED_SPACE] = "used-space",
    [WR_BL_TYPE_UNKNOWN] = "unknown",
};

static int read_fd(void *opaque, uint64_t offset, size_t len, uint8_t *out, struct wr_error *err)
{
	size_t got;

	if (wr_file_read_at(*(int *)opaque, (off_t)offset, out, len, &got) < 0 || got != len) {
		wr_error_set(err, EIO, "cannot read %zu bytes at %llu", len,
		             (unsigned long long)offset);
		return -1;
	}
	return 0;
}

static void facts(const struct wr_bl_volume *v)
{
	const char *refusal = wr_bl_refusal(v), *method = wr_bl_method_name(v->method);

	printf("guid=%s\ntype=%s\nto_go=%d\nsector_size=%u\nvolume_size=%llu\ncreated=%lld\n",
	       v->guid, types[v->type], v->to_go, v->sector_size,
	       (unsigned long long)v->volume_size, (long long)v->created);
	printf("method=0x%04x\nmethod_name=%s\ndescription=%s\nstate=%u %u\ncopy=%u\n", v->method,
	       method ? method : "(none)", v->description, v->state, v->next_state, v->copy);
	printf("first=%d %d %u %u %d\nrefusal=%s\n", v->first.readable, v->first.method_known,
	       v->first.state, v->first.next_state, v->first.clear_key,
	       refusal ? refusal : "(none)");
	for (size_t i = 0; i < v->n_protectors; i++)
		printf("protector=%s 0x%04x %s usable=%d\n",
		       wr_bl_protector_key(v->protectors[i].kind), v->protectors[i].raw,
		       v->protectors[i].guid, wr_bl_protector_usable(v->protectors[i].kind));
}

static int volume(const char *path, bool text)
{
	struct wr_error err = {0};
	struct wr_bl_volume v;
	struct stat st;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st) < 0) {
		perror(path);
		return 1;
	}
	if (wr_bl_read_volume(read_fd, &fd, (uint64_t)st.st_size, &v, &err) < 0) {
		fprintf(stderr, "error: %s\n", err.msg);
		close(fd);
		return 1;
	}
	close(fd);
	if (text) {
		struct wr_buf b = WR_BUF_INIT;

		wr_bl_volume_text(&v, "  ", &b);
		fputs(wr_buf_str(&b), stdout);
		wr_buf_free(&b);
	} else {
		facts(&v);
	}
	return 0;
}

static int bek(const char *path)
{
	struct wr_error err = {0};
	char guid[WR_BL_GUID_SIZE];
	uint8_t *data;
	size_t len;

	int r;

	if (wr_file_read(path, 1 << 20, &data, &len, &err) < 0) {
		fprintf(stderr, "error: %s\n", err.msg);
		return 1;
	}
	r = wr_bl_bek_guid(data, len, guid, &err);
	free(data);
	if (r < 0) {
		fprintf(stderr, "error: %s\n", err.msg);
		return 1;
	}
	printf("guid=%s\n", guid);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--bek") == 0)
		return bek(argv[2]);
	if (argc == 3 && strcmp(argv[1], "--text") == 0)
		return volume(argv[2], true);
	if (argc == 2)
		return volume(argv[1], false);
	fprintf(stderr, "usage: bl-dump [--text] IMAGE | --bek FILE\n");
	return 2;
}
