#include "highlightlanguages.h"

#include <QList>

namespace siliang::app {

namespace {

QSet<QString> words(const char* list) {
    QSet<QString> out;
    for (const QString& w : QString::fromLatin1(list).split(u' ', Qt::SkipEmptyParts))
        out.insert(w);
    return out;
}

QStringList names(const char* list) {
    return QString::fromLatin1(list).split(u' ', Qt::SkipEmptyParts);
}

constexpr const char* kCKeywords =
    "auto break case const continue default do else enum extern for goto if inline register "
    "restrict return sizeof static struct switch typedef union volatile while _Alignas "
    "_Alignof _Atomic _Bool _Generic _Noreturn _Static_assert _Thread_local #include #define "
    "#ifdef #ifndef #endif #if #else #elif #pragma #undef";
constexpr const char* kCTypes =
    "int char short long float double void signed unsigned bool size_t ssize_t ptrdiff_t "
    "int8_t int16_t int32_t int64_t uint8_t uint16_t uint32_t uint64_t uintptr_t FILE wchar_t";

QList<HighlightLanguage> buildLanguages() {
    QList<HighlightLanguage> all;

    HighlightLanguage py;
    py.name = QStringLiteral("Python");
    py.aliases = names("python py python3 py3 pycon gyp ipython sage");
    py.keywords = words(
        "and as assert async await break class continue def del elif else except finally for "
        "from global if import in is lambda nonlocal not or pass raise return try while with "
        "yield match case print");
    py.types = words(
        "int float str bool list dict set tuple bytes object type complex frozenset range "
        "Exception ValueError TypeError KeyError IndexError RuntimeError self cls");
    py.constants = words("True False None");
    py.lineComments = names("#");
    py.quotes = QStringLiteral("\"'");
    py.tripleQuotes = true;
    py.capitalizedTypes = true;
    all.append(py);

    HighlightLanguage c;
    c.name = QStringLiteral("C");
    c.aliases = names("c h");
    c.keywords = words(kCKeywords);
    c.types = words(kCTypes);
    c.constants = words("NULL true false EOF stdin stdout stderr");
    c.lineComments = names("//");
    c.blockOpen = QStringLiteral("/*");
    c.blockClose = QStringLiteral("*/");
    c.quotes = QStringLiteral("\"'");
    all.append(c);

    HighlightLanguage cpp = c;
    cpp.name = QStringLiteral("C++");
    cpp.aliases = names("cpp c++ cc cxx hpp hxx hh ino cu cuda");
    cpp.keywords.unite(words(
        "alignas alignof and asm catch class co_await co_return co_yield concept consteval "
        "constexpr constinit const_cast decltype delete dynamic_cast explicit export final "
        "friend mutable namespace new noexcept not operator or override private protected "
        "public reinterpret_cast requires static_assert static_cast template this thread_local "
        "throw try typeid typename using virtual"));
    cpp.types.unite(
        words("std string string_view vector map unordered_map set array optional variant span "
              "unique_ptr shared_ptr char8_t char16_t char32_t"));
    cpp.constants.unite(words("nullptr"));
    cpp.capitalizedTypes = true;
    cpp.rawStrings = true;
    all.append(cpp);

    HighlightLanguage js;
    js.name = QStringLiteral("JavaScript");
    js.aliases = names("javascript js jsx mjs cjs node");
    js.keywords = words(
        "async await break case catch class const continue debugger default delete do else "
        "export extends finally for from function if import in instanceof let new of return "
        "static super switch this throw try typeof var void while with yield get set");
    js.types = words(
        "Array Object String Number Boolean Promise Map Set Symbol Date RegExp Error JSON Math "
        "console window document");
    js.constants = words("true false null undefined NaN Infinity");
    js.lineComments = names("//");
    js.blockOpen = QStringLiteral("/*");
    js.blockClose = QStringLiteral("*/");
    js.quotes = QStringLiteral("\"'`");
    js.capitalizedTypes = true;
    all.append(js);

    HighlightLanguage ts = js;
    ts.name = QStringLiteral("TypeScript");
    ts.aliases = names("typescript ts tsx mts");
    ts.keywords.unite(
        words("abstract as declare enum implements interface keyof namespace private protected "
              "public readonly type satisfies infer is"));
    ts.types.unite(
        words("string number boolean any unknown never void object bigint Record "
              "Partial Readonly"));
    all.append(ts);

    HighlightLanguage java;
    java.name = QStringLiteral("Java");
    java.aliases = names("java");
    java.keywords = words(
        "abstract assert break case catch class continue default do else enum extends final "
        "finally for if implements import instanceof interface native new package private "
        "protected public return static strictfp super switch synchronized this throw throws "
        "transient try volatile while var record sealed permits yield");
    java.types = words(
        "int long short byte char float double boolean void String Object "
        "Integer Long Double Boolean List Map ArrayList HashMap");
    java.constants = words("true false null");
    java.lineComments = names("//");
    java.blockOpen = QStringLiteral("/*");
    java.blockClose = QStringLiteral("*/");
    java.quotes = QStringLiteral("\"'");
    java.capitalizedTypes = true;
    all.append(java);

    HighlightLanguage go;
    go.name = QStringLiteral("Go");
    go.aliases = names("go golang");
    go.keywords = words(
        "break case chan const continue default defer else fallthrough for func go goto if "
        "import interface map package range return select struct switch type var");
    go.types = words(
        "bool byte complex64 complex128 error float32 float64 int int8 int16 int32 int64 rune "
        "string uint uint8 uint16 uint32 uint64 uintptr any");
    go.constants = words("true false nil iota");
    go.lineComments = names("//");
    go.blockOpen = QStringLiteral("/*");
    go.blockClose = QStringLiteral("*/");
    go.quotes = QStringLiteral("\"'`");
    go.capitalizedTypes = true;
    all.append(go);

    HighlightLanguage rust;
    rust.name = QStringLiteral("Rust");
    rust.aliases = names("rust rs");
    rust.keywords = words(
        "as async await break const continue crate dyn else enum extern fn for if impl in let "
        "loop match mod move mut pub ref return static struct super trait type unsafe use "
        "where while macro_rules");
    rust.types = words(
        "i8 i16 i32 i64 i128 isize u8 u16 u32 u64 u128 usize f32 f64 bool char str String Vec "
        "Option Result Box Rc Arc HashMap Self self");
    rust.constants = words("true false None Some Ok Err");
    rust.lineComments = names("//");
    rust.blockOpen = QStringLiteral("/*");
    rust.blockClose = QStringLiteral("*/");
    rust.quotes = QStringLiteral("\"");  // ' is also a lifetime: left plain
    rust.capitalizedTypes = true;
    rust.rawStrings = true;
    all.append(rust);

    HighlightLanguage sh;
    sh.name = QStringLiteral("Bash");
    sh.aliases = names("bash sh shell zsh ksh console shell-session shellscript");
    sh.keywords = words(
        "if then else elif fi for while until do done case esac in function select return exit "
        "break continue local export readonly declare unset source alias set shift trap");
    sh.types = words(
        "echo cd ls grep sed awk cat cp mv rm mkdir chmod chown find xargs curl wget git sudo "
        "apt apt-get pip python3 make cmake tar printf read test");
    sh.constants = words("true false");
    sh.lineComments = names("#");
    sh.quotes = QStringLiteral("\"'");
    sh.dollarVariables = true;
    all.append(sh);

    HighlightLanguage sql;
    sql.name = QStringLiteral("SQL");
    sql.aliases = names("sql mysql postgres postgresql psql sqlite plsql tsql");
    sql.keywords = words(
        "select from where insert into values update set delete create table drop alter add "
        "index view join inner left right outer full cross on as and or not in is like between "
        "group by order having limit offset union all distinct case when then else end "
        "primary key foreign references default unique check constraint begin commit rollback "
        "transaction exists with recursive returning asc desc if replace pragma trigger");
    sql.types = words(
        "int integer bigint smallint real float double decimal numeric text varchar char "
        "boolean date time timestamp blob serial count sum avg min max coalesce");
    sql.constants = words("null true false");
    sql.lineComments = names("--");
    sql.blockOpen = QStringLiteral("/*");
    sql.blockClose = QStringLiteral("*/");
    sql.quotes = QStringLiteral("'\"");
    sql.caseInsensitive = true;
    all.append(sql);

    HighlightLanguage json;
    json.name = QStringLiteral("JSON");
    json.aliases = names("json jsonc json5 geojson jsonl");
    json.constants = words("true false null");
    json.quotes = QStringLiteral("\"");
    json.lineComments = names("//");  // jsonc
    json.jsonKeys = true;
    all.append(json);

    HighlightLanguage html;
    html.name = QStringLiteral("HTML");
    html.aliases = names("html htm xml xhtml svg vue xaml plist");
    html.blockOpen = QStringLiteral("<!--");
    html.blockClose = QStringLiteral("-->");
    html.quotes = QStringLiteral("\"'");
    html.markup = true;
    all.append(html);

    HighlightLanguage css;
    css.name = QStringLiteral("CSS");
    css.aliases = names("css scss less sass");
    css.keywords = words("@media @import @font-face @keyframes @supports @charset !important");
    css.constants = words("none auto inherit initial unset");
    css.blockOpen = QStringLiteral("/*");
    css.blockClose = QStringLiteral("*/");
    css.quotes = QStringLiteral("\"'");
    css.cssProperties = true;
    all.append(css);

    return all;
}

}  // namespace

const HighlightLanguage* findHighlightLanguage(const QString& name) {
    static const QList<HighlightLanguage> languages = buildLanguages();
    const QString key = name.trimmed().toLower();
    if (key.isEmpty()) return nullptr;
    for (const HighlightLanguage& language : languages)
        if (language.aliases.contains(key)) return &language;
    return nullptr;
}

}  // namespace siliang::app
