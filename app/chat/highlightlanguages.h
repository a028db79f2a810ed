// The languages the built-in highlighter knows: names and aliases, keywords, types,
// constants, comment and string syntax. Data only; builtinhighlighter.cpp lexes.
#pragma once

#include <QSet>
#include <QString>
#include <QStringList>

namespace siliang::app {

struct HighlightLanguage {
    QString name;
    QStringList aliases;  // lower case, as written after a fence
    QSet<QString> keywords;
    QSet<QString> types;
    QSet<QString> constants;  // true, None, nullptr ...
    QStringList lineComments;
    QString blockOpen, blockClose;
    QString quotes;                 // characters that open a string
    bool tripleQuotes = false;      // Python's """ and '''
    bool caseInsensitive = false;   // SQL
    bool dollarVariables = false;   // shell: $x, ${x}
    bool capitalizedTypes = false;  // Foo is a type (Java, Rust, Go, TS, C++)
    bool jsonKeys = false;          // "key": coloured as a type
    bool cssProperties = false;     // color: coloured as a type, #fff as a number
    bool markup = false;            // HTML / XML: tags, attributes, entities
    bool rawStrings = false;        // Rust/C++ r"..." / R"(...)" are read as strings
};

// The language for a fence's info word, or null when it is not known.
const HighlightLanguage* findHighlightLanguage(const QString& name);

}  // namespace siliang::app
