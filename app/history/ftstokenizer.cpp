#include "ftstokenizer.h"

#include <sqlite3.h>

#include <algorithm>
#include <new>

namespace siliang::history {

namespace {

// Ideographs, kana and hangul: scripts written without spaces between words.
// CJK punctuation (U+3000..U+303F) and full-width forms are left to unicode61,
// which treats punctuation as separators.
bool isCjk(char32_t c) {
    return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF);
}

// Decodes one UTF-8 sequence at text[i]; returns its length (1 for invalid bytes,
// which then count as non-CJK and reach unicode61 unchanged).
int decode(const unsigned char* text, int i, int n, char32_t& out) {
    const unsigned char b = text[i];
    int len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 1;
    if (i + len > n) len = 1;
    out = len == 1 ? b : len == 2 ? b & 0x1F : len == 3 ? b & 0x0F : b & 0x07;
    for (int k = 1; k < len; ++k) out = (out << 6) | (text[i + k] & 0x3F);
    return len;
}

struct Tokenizer {
    fts5_tokenizer words;  // unicode61, for everything that is not CJK
    Fts5Tokenizer* wordsInstance = nullptr;
};

struct Shift {
    void* ctx;
    int (*xToken)(void*, int, const char*, int, int, int);
    int offset;
};

int shifted(void* p, int flags, const char* token, int n, int start, int end) {
    auto* s = static_cast<Shift*>(p);
    return s->xToken(s->ctx, flags, token, n, start + s->offset, end + s->offset);
}

int xCreate(void* context, const char**, int, Fts5Tokenizer** out) {
    auto* api = static_cast<fts5_api*>(context);
    auto* t = new (std::nothrow) Tokenizer;
    if (!t) return SQLITE_NOMEM;
    void* wordsContext = nullptr;
    int rc = api->xFindTokenizer(api, "unicode61", &wordsContext, &t->words);
    const char* args[] = {"remove_diacritics", "2"};
    if (rc == SQLITE_OK) rc = t->words.xCreate(wordsContext, args, 2, &t->wordsInstance);
    if (rc != SQLITE_OK) {
        delete t;
        return rc;
    }
    *out = reinterpret_cast<Fts5Tokenizer*>(t);
    return SQLITE_OK;
}

void xDelete(Fts5Tokenizer* p) {
    auto* t = reinterpret_cast<Tokenizer*>(p);
    t->words.xDelete(t->wordsInstance);
    delete t;
}

int xTokenize(Fts5Tokenizer* p, void* ctx, int flags, const char* text, int n,
              int (*xToken)(void*, int, const char*, int, int, int)) {
    auto* t = reinterpret_cast<Tokenizer*>(p);
    const auto* u = reinterpret_cast<const unsigned char*>(text);
    int i = 0;
    while (i < n) {
        // A run of non-CJK text goes to unicode61 with its offsets shifted.
        int runEnd = i;
        char32_t c = 0;
        while (runEnd < n) {
            const int len = decode(u, runEnd, n, c);
            if (isCjk(c)) break;
            runEnd += len;
        }
        if (runEnd > i) {
            Shift shift{ctx, xToken, i};
            const int rc =
                t->words.xTokenize(t->wordsInstance, &shift, flags, text + i, runEnd - i, shifted);
            if (rc != SQLITE_OK) return rc;
            i = runEnd;
        }
        // A run of CJK characters: every adjacent pair, or the lone character.
        int prev = -1;
        while (i < n) {
            const int len = decode(u, i, n, c);
            if (!isCjk(c)) break;
            if (prev >= 0) {
                const int rc = xToken(ctx, 0, text + prev, i + len - prev, prev, i + len);
                if (rc != SQLITE_OK) return rc;
            } else if (i + len >= n || !isCjk((decode(u, i + len, n, c), c))) {
                const int rc = xToken(ctx, 0, text + i, len, i, i + len);
                if (rc != SQLITE_OK) return rc;
            }
            prev = i;
            i += len;
        }
    }
    return SQLITE_OK;
}

fts5_api* ftsApi(sqlite3* db) {
    fts5_api* api = nullptr;
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) == SQLITE_OK) {
        sqlite3_bind_pointer(stmt, 1, &api, "fts5_api_ptr", nullptr);
        sqlite3_step(stmt);
    }
    sqlite3_finalize(stmt);
    return api;
}

// siliang_tf(messages_fts): bm25 without its inverse document frequency term.
// bm25 counts, for every query, all rows of the whole index that match each
// phrase, which for a common word costs as much as ranking everything; this one
// only reads the current row (term frequency against the average row length, as
// bm25 does), so it can rank a bounded set of rows cheaply.
void termFrequencyRank(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int,
                       sqlite3_value**) {
    constexpr double k1 = 1.2, b = 0.75;
    sqlite3_int64 rows = 0, totalTokens = 0;
    int length = 0, instances = 0;
    if (api->xRowCount(fts, &rows) != SQLITE_OK ||
        api->xColumnTotalSize(fts, -1, &totalTokens) != SQLITE_OK ||
        api->xColumnSize(fts, -1, &length) != SQLITE_OK ||
        api->xInstCount(fts, &instances) != SQLITE_OK) {
        sqlite3_result_error(ctx, "siliang_tf: cannot read the row", -1);
        return;
    }
    const int phrases = api->xPhraseCount(fts);
    const double average = rows > 0 ? double(totalTokens) / double(rows) : 1.0;
    const double norm = k1 * (1 - b + b * double(length) / std::max(average, 1.0));
    double score = 0;
    for (int phrase = 0; phrase < phrases; ++phrase) {
        int hits = 0;
        for (int i = 0; i < instances; ++i) {
            int p = 0, column = 0, offset = 0;
            if (api->xInst(fts, i, &p, &column, &offset) == SQLITE_OK && p == phrase) ++hits;
        }
        score += double(hits) * (k1 + 1) / (double(hits) + norm);
    }
    sqlite3_result_double(ctx, score);
}

}  // namespace

bool isCjkCharacter(char32_t c) {
    return isCjk(c);
}

int registerFtsTokenizer(sqlite3* db) {
    fts5_api* api = ftsApi(db);
    if (!api) return SQLITE_ERROR;  // SQLite built without FTS5
    fts5_tokenizer tokenizer{xCreate, xDelete, xTokenize};
    const int rc = api->xCreateTokenizer(api, "siliang", api, &tokenizer, nullptr);
    if (rc != SQLITE_OK) return rc;
    return api->xCreateFunction(api, "siliang_tf", nullptr, termFrequencyRank, nullptr);
}

}  // namespace siliang::history
