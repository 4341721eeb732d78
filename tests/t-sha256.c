/* SPDX-License-Identifier: GPL-3.0-or-later */
/* t-sha256.c - SHA-256 against the FIPS 180-2 examples and sha256sum. */
#include "config.h"

#include "base/sha256.h"
#include "tap.h"

static void digest_is(const char *data, size_t len, size_t chunk, const char *want,
                      const char *what)
{
	struct wr_sha256 s;
	char hex[65];

	wr_sha256_init(&s);
	for (size_t off = 0; off < len; off += chunk)
		wr_sha256_update(&s, data + off, len - off < chunk ? len - off : chunk);
	wr_sha256_hex(&s, hex);
	is_str(hex, want, "%s", what);
}

int main(void)
{
	static char million[1000000];
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	char hex[65], cmd[300], line[100] = "";
	FILE *f, *p;

	digest_is("", 0, 1, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	          "empty message");
	digest_is("abc", 3, 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	          "\"abc\" (FIPS 180-2 B.1)");
	digest_is(two, strlen(two), 7,
	          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
	          "two-block message in 7-byte pieces (B.2)");
	wr_sha256_of("abc", 3, hex);
	is_str(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	       "a buffer's digest at once (B.1)");
	memset(million, 'a', sizeof(million));
	digest_is(million, sizeof(million), 4096,
	          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
	          "a million 'a' (B.3)");
	f = fopen(tap_path("file"), "wb");
	fwrite(million, 1, 123457, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "sha256sum '%s'", tap_path("file"));
	p = popen(cmd, "r");
	if (p && fgets(line, sizeof(line), p))
		line[64] = '\0';
	if (p)
		pclose(p);
	ok(wr_sha256_file(tap_path("file"), hex) == 0, "hash a file");
	is_str(hex, line, "the file's digest is sha256sum's");
	ok(wr_sha256_file(tap_path("missing"), hex) < 0, "a missing file is an error");
	return tap_done();
}
