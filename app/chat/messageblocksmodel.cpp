#include "messageblocksmodel.h"

#include "codehighlighter.h"
#include "latexreadable.h"

namespace siliang::app {

namespace {

QString kindName(MarkdownBlock::Kind kind) {
    switch (kind) {
        case MarkdownBlock::Kind::Code: return QStringLiteral("code");
        case MarkdownBlock::Kind::Math: return QStringLiteral("math");
        case MarkdownBlock::Kind::Markdown: break;
    }
    return QStringLiteral("markdown");
}

}  // namespace

MessageBlocksModel::MessageBlocksModel(QObject* parent) : QAbstractListModel(parent) {}

int MessageBlocksModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(entries_.size());
}

QVariant MessageBlocksModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() < 0 || index.row() >= entries_.size()) return {};
    const Entry& e = entries_.at(index.row());
    switch (role) {
        case KindRole: return kindName(e.block.kind);
        case Qt::DisplayRole:
        case RenderedRole: return e.rendered;
        case SourceRole: return e.block.text;
        case LanguageRole: return e.block.language;
        case CompleteRole: return e.block.complete;
        case BoxedRole:
            return e.block.kind == MarkdownBlock::Kind::Math && isBoxedFormula(e.block.text);
        default: return {};
    }
}

QHash<int, QByteArray> MessageBlocksModel::roleNames() const {
    return {{KindRole, "kind"},         {RenderedRole, "rendered"}, {SourceRole, "source"},
            {LanguageRole, "language"}, {CompleteRole, "complete"}, {BoxedRole, "boxed"}};
}

QString MessageBlocksModel::render(const MarkdownBlock& block) {
    ++renderCount_;
    LatexOptions options;
    options.boxColor = dark_ ? QStringLiteral("#4d4424") : QStringLiteral("#fff1b8");
    switch (block.kind) {
        case MarkdownBlock::Kind::Code:
            // <pre> keeps spaces and line breaks in Qt's rich text.
            return QStringLiteral("<pre style=\"margin:0\">") +
                   codeHighlighter().toHtml(block.text, block.language, dark_) +
                   QStringLiteral("</pre>");
        case MarkdownBlock::Kind::Math: {
            options.display = true;
            return latexToHtml(block.text, options);
        }
        case MarkdownBlock::Kind::Markdown: break;
    }
    return renderMarkdown(convertInlineMath(block.text, options));
}

void MessageBlocksModel::setText(const QString& text) {
    if (text == text_) return;
    // A streamed token appends: the blocks before the last two cannot change (each
    // block starts where the splitter is in its normal state), so split from there.
    qsizetype keep = 0;
    if (text.startsWith(text_) && entries_.size() > 2) keep = entries_.size() - 2;
    text_ = text;
    const qsizetype from = keep > 0 ? entries_.at(keep).block.start : 0;
    apply(keep, splitMarkdownBlocks(text_, from));
    emit textChanged();
}

void MessageBlocksModel::apply(qsizetype keep, const QList<MarkdownBlock>& tail) {
    const qsizetype oldCount = entries_.size();
    const qsizetype newCount = keep + tail.size();
    for (qsizetype j = 0; j < tail.size(); ++j) {
        const qsizetype row = keep + j;
        if (row < oldCount) {
            Entry& e = entries_[row];
            if (e.block == tail.at(j)) continue;
            const bool sameLook = e.block.kind == tail.at(j).kind &&
                                  e.block.text == tail.at(j).text &&
                                  e.block.language == tail.at(j).language;
            e.block = tail.at(j);
            if (!sameLook) e.rendered = render(e.block);
            const QModelIndex i = index(static_cast<int>(row));
            emit dataChanged(i, i);
        }
    }
    if (newCount > oldCount) {
        beginInsertRows({}, static_cast<int>(oldCount), static_cast<int>(newCount - 1));
        for (qsizetype row = oldCount; row < newCount; ++row) {
            Entry e;
            e.block = tail.at(row - keep);
            e.rendered = render(e.block);
            entries_.append(e);
        }
        endInsertRows();
        emit countChanged();
    } else if (newCount < oldCount) {
        beginRemoveRows({}, static_cast<int>(newCount), static_cast<int>(oldCount - 1));
        entries_.resize(newCount);
        endRemoveRows();
        emit countChanged();
    }
}

void MessageBlocksModel::setDark(bool dark) {
    if (dark_ == dark) return;
    dark_ = dark;
    rerenderAll();
    emit darkChanged();
}

void MessageBlocksModel::rerenderAll() {
    for (Entry& e : entries_) e.rendered = render(e.block);
    if (!entries_.isEmpty())
        emit dataChanged(index(0), index(static_cast<int>(entries_.size()) - 1), {RenderedRole});
}

}  // namespace siliang::app
