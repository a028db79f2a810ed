// Tables behind the LaTeX-to-readable converter: command → Unicode symbol, the
// Unicode super/subscript forms that exist, and the letter alphabets (\mathbb ...).
#pragma once

#include <QString>
#include <QStringView>

namespace siliang::app::latex {

// The symbol for a command without arguments (\alpha, \leq, \infty, \sum ...), or an
// empty string when it is not one.
QString symbolFor(QStringView command);
// True for \sin, \log, \lim ...: shown upright as the word itself.
bool isFunctionName(QStringView command);
// The Unicode superscript / subscript form of `c`, or a null QChar when none exists.
QChar superscriptOf(QChar c);
QChar subscriptOf(QChar c);
// `c` in the alphabet of \mathbb ("bb"), \mathcal / \mathscr ("cal") or \mathfrak
// ("frak"), or `c` itself when the alphabet has no such letter.
QString styledLetter(QStringView alphabet, QChar c);
// The combining mark an accent command puts on each character (\hat → U+0302), or a
// null QChar.
QChar combiningAccent(QStringView command);

}  // namespace siliang::app::latex
