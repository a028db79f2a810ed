// siliang-history-bench: generates a large history and times what the app does
// with it: open, the sidebar's first page, opening a long conversation, and
// full-text search (English, Chinese 3+ characters, Chinese 2 characters).
//
//   siliang-history-bench <db> [--conversations N] [--messages M] [--long L] [--runs R]
//                         [--budget ms] [--query text]...
//
// An existing <db> with the requested size is reused, so repeated runs measure
// the queries only. Generation writes through one plain connection in large
// transactions (the store's triggers still maintain the FTS indexes); timings
// go through the HistoryStore API.
#include <sqlite3.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <algorithm>
#include <cstdio>
#include <functional>
#include <random>

#include "ftstokenizer.h"
#include "historystore.h"

using namespace siliang::history;

namespace {

struct Options {
    QString path;
    int conversations = 10000;
    qint64 messages = 1000000;
    int longConversation = 2000;
    int runs = 9;
    int rankingBudgetMs = -1;  // -1: the store's default
    QStringList queries;       // instead of the built-in mix
};

const char* const kEnglish[] = {
    "the",      "model",   "answer",    "question",   "code",    "function", "memory",  "python",
    "rust",     "error",   "build",     "kernel",     "token",   "layer",    "cache",   "thread",
    "vector",   "matrix",  "file",      "window",     "request", "server",   "client",  "index",
    "search",   "query",   "table",     "value",      "result",  "string",   "number",  "array",
    "list",     "loop",    "compile",   "linker",     "library", "install",  "update",  "version",
    "release",  "branch",  "commit",    "merge",      "review",  "test",     "deploy",  "network",
    "socket",   "packet",  "latency",   "throughput", "budget",  "travel",   "recipe",  "garden",
    "history",  "music",   "poem",      "story",      "letter",  "email",    "meeting", "project",
    "deadline", "summary", "translate", "explain",    "example", "because",  "however", "and",
    "with",     "for",     "this",      "that",       "what",    "how",      "why",     "please",
    "thanks"};
const char* const kChinese[] = {
    "模型",     "问题",     "回答",     "代码",     "函数",   "内存",     "编译",     "错误",
    "线程",     "缓存",     "北京",     "上海",     "旅行",   "计划",     "天气",     "音乐",
    "历史",     "故事",     "翻译",     "解释",     "例子",   "因为",     "但是",     "我们",
    "你好",     "谢谢",     "人工智能", "机器学习", "数据库", "搜索引擎", "操作系统", "神经网络",
    "自然语言", "量子计算", "长城",     "故宫"};

// Single characters that Chinese words are built from.
const char* const kHanzi =
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能"
    "下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量"
    "都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重"
    "新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已"
    "通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将";

// A vocabulary with a Zipf distribution, as natural text has: the first words
// are very common, most are rare. English: the real words above, then 20,000
// made-up ones; Chinese: the named words above, then 8,000 built from kHanzi.
class Vocabulary {
public:
    Vocabulary() {
        for (const char* w : kEnglish) english_ << QString::fromLatin1(w);
        const char* syllables[] = {"ka",  "lo",  "mi",  "ten", "ser", "vra", "qui", "do",
                                   "ne",  "pla", "tor", "zu",  "bel", "rin", "gos", "fe",
                                   "nat", "ux",  "par", "shi", "om",  "cle", "dra", "ves"};
        const int ns = int(std::size(syllables));
        for (int i = 0; english_.size() < 20080; ++i)
            english_ << QLatin1String(syllables[i % ns]) + QLatin1String(syllables[(i / ns) % ns]) +
                            QLatin1String(syllables[(i / ns / ns) % ns]) +
                            (i >= ns * ns * ns ? QString::number(i / (ns * ns * ns)) : QString());
        for (const char* w : kChinese) chinese_ << QString::fromUtf8(w);
        const QString hanzi = QString::fromUtf8(kHanzi);
        for (int i = 0; chinese_.size() < 8036; ++i) {
            QString w = QString(hanzi[(i * 7) % hanzi.size()]) + hanzi[(i * 13 + 5) % hanzi.size()];
            if (i % 3 == 0) w += hanzi[(i * 31 + 11) % hanzi.size()];
            chinese_ << w;
        }
        englishCdf_ = zipfCdf(english_.size());
        chineseCdf_ = zipfCdf(chinese_.size());
    }
    const QString& english(size_t rank) const { return english_[qsizetype(rank)]; }
    const QString& chinese(size_t rank) const { return chinese_[qsizetype(rank)]; }
    size_t sampleEnglish(double u) const { return sample(englishCdf_, u); }
    size_t sampleChinese(double u) const { return sample(chineseCdf_, u); }

private:
    static std::vector<double> zipfCdf(qsizetype n) {
        std::vector<double> cdf(static_cast<size_t>(n));
        double sum = 0;
        for (qsizetype r = 0; r < n; ++r) cdf[size_t(r)] = sum += 1.0 / double(r + 1);
        for (double& c : cdf) c /= sum;
        return cdf;
    }
    static size_t sample(const std::vector<double>& cdf, double u) {
        return size_t(std::lower_bound(cdf.begin(), cdf.end(), u) - cdf.begin());
    }
    QStringList english_, chinese_;
    std::vector<double> englishCdf_, chineseCdf_;
};

class TextGen {
public:
    TextGen(const Vocabulary& vocabulary, quint64 seed) : v_(vocabulary), rng_(seed) {}
    QString words(int lo, int hi) {
        const int n = std::uniform_int_distribution<int>(lo, hi)(rng_);
        QString out;
        for (int i = 0; i < n; ++i) {
            const int kind = int(rng_() % 100);
            const double u = std::uniform_real_distribution<double>(0, 1)(rng_);
            if (kind < 70) {
                out += v_.english(v_.sampleEnglish(u));
                out += QLatin1Char(' ');
            } else if (kind < 95) {
                out += v_.chinese(v_.sampleChinese(u));
            } else {
                // Names, numbers, error codes: mostly unique.
                out += QStringLiteral("ident%1 ").arg(rng_() % 200000);
            }
        }
        return out;
    }
    quint64 next() { return rng_(); }

private:
    const Vocabulary& v_;
    std::mt19937_64 rng_;
};

void check(int rc, sqlite3* db) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        std::fprintf(stderr, "sqlite: %s\n", sqlite3_errmsg(db));
        std::exit(1);
    }
}

qint64 scalar(sqlite3* db, const char* sqlText) {
    sqlite3_stmt* s = nullptr;
    check(sqlite3_prepare_v2(db, sqlText, -1, &s, nullptr), db);
    const qint64 v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
    sqlite3_finalize(s);
    return v;
}

void bindText(sqlite3_stmt* s, int i, const QString& text) {
    const QByteArray utf8 = text.toUtf8();
    sqlite3_bind_text(s, i, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
}

void generate(const Options& o) {
    { HistoryStore::open(o.path); }  // creates the current schema
    sqlite3* db = nullptr;
    check(sqlite3_open(o.path.toUtf8().constData(), &db), db);
    registerFtsTokenizer(db);
    // Bulk load: no journal, no fsync, no zeroing of freed pages. Generated data
    // can be regenerated; the app itself never runs like this.
    check(sqlite3_exec(db,
                       "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA secure_delete=OFF;"
                       "PRAGMA cache_size=-524288; BEGIN",
                       nullptr, nullptr, nullptr),
          db);
    sqlite3_stmt *conv = nullptr, *msg = nullptr, *leaf = nullptr;
    check(sqlite3_prepare_v2(db,
                             "INSERT INTO conversations(title, created_at, updated_at, pinned, "
                             "model) VALUES (?1, ?2, ?3, ?4, 'qwen3-8b-q4_k_m.gguf')",
                             -1, &conv, nullptr),
          db);
    check(sqlite3_prepare_v2(db,
                             "INSERT INTO messages(conversation_id, parent_id, role, content, "
                             "reasoning, completion_tokens, gen_tps, created_at) VALUES "
                             "(?1, ?2, ?3, ?4, ?5, ?6, 42.5, ?7)",
                             -1, &msg, nullptr),
          db);
    check(sqlite3_prepare_v2(db, "UPDATE conversations SET active_leaf_id = ?2 WHERE id = ?1", -1,
                             &leaf, nullptr),
          db);
    const Vocabulary vocabulary;
    TextGen gen(vocabulary, 20261128);
    const qint64 start = 1700000000000;  // Nov 2023
    const qint64 perConversation =
        (o.messages - o.longConversation) / std::max(1, o.conversations - 1);
    qint64 written = 0;
    QElapsedTimer clock;
    clock.start();
    for (int c = 0; c < o.conversations; ++c) {
        // The long conversation sits in the middle of the history, not on page 1.
        const bool isLong = c == o.conversations / 2;
        const qint64 count = isLong                     ? o.longConversation
                             : c == o.conversations - 1 ? o.messages - written
                                                        : perConversation;
        const qint64 created = start + qint64(c) * 9000000 + qint64(gen.next() % 1000000);
        sqlite3_reset(conv);
        bindText(conv, 1, gen.words(2, 5).trimmed());
        sqlite3_bind_int64(conv, 2, created);
        sqlite3_bind_int64(conv, 3, created + count * 30000);
        sqlite3_bind_int(conv, 4, gen.next() % 100 == 0 ? 1 : 0);
        check(sqlite3_step(conv), db);
        const qint64 cid = sqlite3_last_insert_rowid(db);
        qint64 parent = 0;
        for (qint64 m = 0; m < count; ++m) {
            const bool user = m % 2 == 0;
            sqlite3_reset(msg);
            sqlite3_bind_int64(msg, 1, cid);
            if (parent)
                sqlite3_bind_int64(msg, 2, parent);
            else
                sqlite3_bind_null(msg, 2);
            sqlite3_bind_text(msg, 3, user ? "user" : "assistant", -1, SQLITE_STATIC);
            bindText(msg, 4, user ? gen.words(4, 20) : gen.words(10, 45));
            bindText(msg, 5, !user && gen.next() % 4 == 0 ? gen.words(10, 30) : QString());
            sqlite3_bind_int(msg, 6, user ? 0 : 200);
            sqlite3_bind_int64(msg, 7, created + m * 30000);
            check(sqlite3_step(msg), db);
            parent = sqlite3_last_insert_rowid(db);
            if (++written % 100000 == 0) {
                check(sqlite3_exec(db, "COMMIT; BEGIN", nullptr, nullptr, nullptr), db);
                std::fprintf(stderr, "  %lld messages, %.1f s\n", written,
                             double(clock.elapsed()) / 1000.0);
            }
        }
        sqlite3_reset(leaf);
        sqlite3_bind_int64(leaf, 1, cid);
        sqlite3_bind_int64(leaf, 2, parent);
        check(sqlite3_step(leaf), db);
    }
    sqlite3_finalize(conv);
    sqlite3_finalize(msg);
    sqlite3_finalize(leaf);
    // Merge FTS segments as a long-lived index would be after its automerges.
    check(sqlite3_exec(db,
                       "COMMIT; INSERT INTO messages_fts(messages_fts) VALUES('optimize');"
                       "PRAGMA optimize; PRAGMA journal_mode=WAL",
                       nullptr, nullptr, nullptr),
          db);
    sqlite3_close(db);
    std::fprintf(stderr, "generated %lld messages in %.1f s\n", written,
                 double(clock.elapsed()) / 1000.0);
}

struct Timing {
    double median, min, max;
};

Timing measure(int runs, const std::function<void()>& work) {
    work();  // warm-up: statement preparation, first page-cache touch
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer t;
        t.start();
        work();
        ms.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    return {ms[ms.size() / 2], ms.front(), ms.back()};
}

void report(const char* what, const Timing& t, qsizetype rows) {
    std::printf("%-44s median %8.2f ms   min %8.2f   max %8.2f   (%lld rows)\n", what, t.median,
                t.min, t.max, static_cast<long long>(rows));
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    Options o;
    for (int i = 1; i < args.size(); ++i) {
        const QString a = args[i];
        const bool hasValue = i + 1 < args.size();
        if (a == QLatin1String("--conversations") && hasValue)
            o.conversations = args[++i].toInt();
        else if (a == QLatin1String("--messages") && hasValue)
            o.messages = args[++i].toLongLong();
        else if (a == QLatin1String("--long") && hasValue)
            o.longConversation = args[++i].toInt();
        else if (a == QLatin1String("--runs") && hasValue)
            o.runs = args[++i].toInt();
        else if (a == QLatin1String("--budget") && hasValue)
            o.rankingBudgetMs = args[++i].toInt();
        else if (a == QLatin1String("--query") && hasValue)
            o.queries << args[++i];
        else if (!a.startsWith(QLatin1String("--")) && o.path.isEmpty())
            o.path = a;
        else {
            std::fprintf(stderr,
                         "usage: siliang-history-bench <db> [--conversations N] "
                         "[--messages M] [--long L] [--runs R] [--budget ms] "
                         "[--query text]...\n");
            return 64;
        }
    }
    if (o.path.isEmpty() || o.conversations < 2 || o.messages < o.longConversation) return 64;

    bool reuse = false;
    if (QFileInfo::exists(o.path)) {
        sqlite3* db = nullptr;
        if (sqlite3_open(o.path.toUtf8().constData(), &db) == SQLITE_OK)
            reuse = scalar(db, "SELECT count(*) FROM messages") == o.messages &&
                    scalar(db, "SELECT count(*) FROM conversations") == o.conversations;
        sqlite3_close(db);
        if (!reuse) {
            std::fprintf(stderr, "%s exists with another size; remove it first\n", argv[1]);
            return 1;
        }
    }
    if (!reuse) generate(o);

    QElapsedTimer openClock;
    openClock.start();
    OpenResult opened = HistoryStore::open(o.path);
    const double openMs = double(openClock.nsecsElapsed()) / 1e6;
    if (opened.outcome != OpenOutcome::Opened) {
        std::fprintf(stderr, "open: %s\n", qPrintable(opened.message));
        return 1;
    }
    HistoryStore& store = *opened.store;
    const qint64 longId = o.conversations / 2 + 1;
    std::printf("history: %d conversations, %lld messages, %.0f MiB (%s)\n", o.conversations,
                o.messages, double(QFileInfo(o.path).size()) / (1 << 20), qPrintable(o.path));
    std::printf("%-44s %8.2f ms (once)\n", "open store (lock, checks, recovery pass)", openMs);

    qsizetype rows = 0;
    Timing t = measure(o.runs, [&] { rows = store.listConversations(0, 50).size(); });
    report("sidebar: first 50 conversations", t, rows);
    t = measure(o.runs, [&] { rows = store.activeBranch(longId).size(); });
    report("open conversation: active branch", t, rows);
    // From everywhere in the frequency range: a word in ~15% of messages (ranking
    // runs out of time, newest first), common, mid and rare words, two-word
    // queries, Chinese of 2 and 4 characters, a prefix, and a single character
    // (the substring scan).
    const Vocabulary v;
    if (o.rankingBudgetMs >= 0) store.setRankingBudget(o.rankingBudgetMs);
    const QStringList queries = !o.queries.isEmpty()
                                    ? o.queries
                                    : QStringList{v.english(2),
                                                  v.english(60),
                                                  v.english(500),
                                                  v.english(5000),
                                                  v.english(40) + QLatin1Char(' ') + v.english(300),
                                                  v.chinese(27),
                                                  v.chinese(35),
                                                  v.chinese(400),
                                                  v.chinese(3) + QLatin1Char(' ') + v.chinese(200),
                                                  QStringLiteral("ident12345"),
                                                  v.english(700).left(4),
                                                  QStringLiteral("学")};
    for (const QString& query : queries) {
        const QByteArray label = "search \"" + query.toUtf8() + "\" (limit 50, + titles)";
        t = measure(o.runs, [&] { rows = store.search(query).size(); });
        report(label.constData(), t, rows);
    }
    return 0;
}
