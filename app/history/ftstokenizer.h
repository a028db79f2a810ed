// The "siliang" FTS5 tokenizer: words for alphabetic scripts, overlapping
// character pairs (bigrams) for Chinese, Japanese and Korean.
//
// Why not FTS5's trigram tokenizer: it cannot look up anything shorter than three
// characters, and most Chinese words are two; and on a million messages its
// posting lists for common trigrams ("the", "ing") make ranked queries take
// hundreds of milliseconds. Words (via FTS5's own unicode61: case and diacritics
// folded) plus CJK bigrams is the classic search-engine answer (Lucene's CJK
// analyzer): a two-character Chinese word is one index lookup, a longer one is a
// phrase of consecutive bigrams, and bm25 ranks real words.
//
// Every connection that writes messages must register it (the store does so on
// open); a plain sqlite3 shell can read the database but not write messages.
#pragma once

struct sqlite3;

namespace siliang::history {

// Registers the tokenizer, and the siliang_tf() rank function search uses, on
// `db`; returns an SQLite result code.
int registerFtsTokenizer(sqlite3* db);

// Whether the tokenizer indexes `c` in character pairs (Han, kana, hangul).
bool isCjkCharacter(char32_t c);

}  // namespace siliang::history
