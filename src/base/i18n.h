/* SPDX-License-Identifier: GPL-3.0-or-later */
/* i18n.h - gettext shorthands shared by the back end, the CLI and the UI. */
#ifndef WR_I18N_H
#define WR_I18N_H

#include <libintl.h>

#define _(s)             dgettext(PACKAGE, s)
#define N_(s)            (s)
#define P_(one, many, n) dngettext(PACKAGE, one, many, n)

#endif
