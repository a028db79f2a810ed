// The message list renders a real conversation (imported from
// data/rendering_conversation.json into a real history file): headings, a table,
// links and quotes through Markdown, a highlighted Python block with its language
// label and a working Copy button, display math (a boxed final answer), inline math,
// the reasoning trace, "‹ 2/2 ›" on an edited question and the inline editor, the
// document sent with the question as a chip on its bubble. Saves
// light and dark screenshots (SILIANG_SCREENSHOT_DIR, default: this build folder).
#include <QClipboard>
#include <QDateTime>
#include <QFile>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QQmlApplicationEngine>
#include <QQmlContext>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QTemporaryDir>
#include <QTest>
#include <QtQml/QQmlExtensionPlugin>

#include "chatcontroller.h"

Q_IMPORT_QML_PLUGIN(SiliangPlugin)

using siliang::app::ChatController;
namespace history = siliang::history;

namespace {

void collect(QQuickItem* item, const QString& name, QList<QQuickItem*>& out) {
    if (!item->isVisible()) return;
    if (item->objectName() == name) out.append(item);
    for (QQuickItem* child : item->childItems()) collect(child, name, out);
}

QList<QQuickItem*> visibleAll(QQuickWindow* window, const QString& name) {
    QList<QQuickItem*> out;
    collect(window->contentItem(), name, out);
    return out;
}

QQuickItem* visibleOne(QQuickWindow* window, const QString& name) {
    const QList<QQuickItem*> all = visibleAll(window, name);
    return all.isEmpty() ? nullptr : all.first();
}

// What a TextEdit shows (its document as plain text), not its source.
QString shownText(QQuickItem* textEdit) {
    QString text;
    const int length = textEdit->property("length").toInt();
    QMetaObject::invokeMethod(textEdit, "getText", Q_RETURN_ARG(QString, text), Q_ARG(int, 0),
                              Q_ARG(int, length));
    return text;
}

void click(QQuickWindow* window, QQuickItem* item) {
    const QPointF centre = item->mapToScene(QPointF(item->width() / 2, item->height() / 2));
    QTest::mouseClick(window, Qt::LeftButton, {}, centre.toPoint());
}

QString screenshotDir() {
    const QString env = qEnvironmentVariable("SILIANG_SCREENSHOT_DIR");
    return env.isEmpty() ? QStringLiteral(SILIANG_SCREENSHOT_DIR) : env;
}

}  // namespace

class TestMessageView : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void rendersMarkdownCodeAndMath();
    void copyButtonCopiesTheCode();
    void editedQuestionShowsItsVersionsAndEditor();
    void sentDocumentShowsOnTheQuestion();
    void screenshotsInLightAndDark();
    void cleanupTestCase();

private:
    QTemporaryDir dir_;
    std::unique_ptr<ChatController> chat_;
    std::unique_ptr<QQmlApplicationEngine> engine_;
    QQuickWindow* window_ = nullptr;
    QStringList warnings_;
};

void TestMessageView::initTestCase() {
    QQuickStyle::setStyle(QStringLiteral("Basic"));
    QVERIFY(dir_.isValid());
    history::OpenResult opened = history::HistoryStore::open(dir_.filePath("history.sqlite3"));
    QVERIFY(opened.store);
    QFile fixture(QStringLiteral(SILIANG_TESTS_DIR "/data/rendering_conversation.json"));
    QVERIFY(fixture.open(QIODevice::ReadOnly));
    const qint64 id = opened.store->importJson(QJsonDocument::fromJson(fixture.readAll()).object());
    // The question went with a document (stored by its full path, as send() does).
    history::Attachment notes;
    notes.fileName = QStringLiteral("/home/user/Documents/sum-of-squares.pdf");
    notes.mimeType = QStringLiteral("application/pdf");
    notes.size = 48213;
    notes.createdAt = QDateTime::currentDateTimeUtc();
    opened.store->addAttachment(opened.store->activeBranch(id).first().id, notes);
    chat_ = std::make_unique<ChatController>(std::move(opened.store), QString());
    chat_->preferences().useSettingsFile(dir_.filePath("settings.ini"));
    chat_->preferences().setTheme(QStringLiteral("light"));
    chat_->openConversation(id);
    QCOMPARE(chat_->messageModel().rowCount(), 2);

    engine_ = std::make_unique<QQmlApplicationEngine>();
    connect(engine_.get(), &QQmlEngine::warnings, this, [this](const QList<QQmlError>& list) {
        for (const QQmlError& e : list) warnings_ << e.toString();
    });
    engine_->addImportPath(QStringLiteral("qrc:/"));
    QQmlContext* context = engine_->rootContext();
    context->setContextProperty(QStringLiteral("chat"), chat_.get());
    context->setContextProperty(QStringLiteral("modelsFolder"), QUrl::fromLocalFile(dir_.path()));
    context->setContextProperty(QStringLiteral("modelsFolderPath"), dir_.path());
    context->setContextProperty(QStringLiteral("fileDialogAvailable"), false);
    // The chat view's message list with the module's own MessageBubble delegates, as
    // ChatView lays them out (without the rest of the window, tested elsewhere).
    engine_->loadData(R"(
import QtQuick
import QtQuick.Controls
import Siliang
ApplicationWindow {
    id: window
    width: 900
    height: 1500
    visible: true
    color: Theme.window
    Binding { target: Theme; property: "mode"; value: chat.preferences.theme }
    Connections {
        target: Theme
        function onDarkChanged() { Theme.applyPalette(window.palette) }
        Component.onCompleted: Theme.applyPalette(window.palette)
    }
    ListView {
        id: list
        anchors.fill: parent
        anchors.margins: 24
        spacing: 18
        model: chat.messages
        delegate: MessageBubble { width: list.width; isLast: index === list.count - 1 }
    }
}
)",
                      QUrl(QStringLiteral("qrc:/message_view_test.qml")));
    QCOMPARE(engine_->rootObjects().size(), 1);
    window_ = qobject_cast<QQuickWindow*>(engine_->rootObjects().first());
    QVERIFY(window_);
    QVERIFY(QTest::qWaitForWindowExposed(window_));
    QTRY_VERIFY(visibleOne(window_, QStringLiteral("codeBlock")));
}

void TestMessageView::rendersMarkdownCodeAndMath() {
    // Code: the language label and the highlighted source, escaped, monospace.
    QQuickItem* language = visibleOne(window_, QStringLiteral("codeLanguage"));
    QVERIFY(language);
    QCOMPARE(language->property("text").toString(), QStringLiteral("python"));
    QQuickItem* code = visibleOne(window_, QStringLiteral("codeText"));
    QVERIFY(code);
    const QString codeShown = shownText(code);
    QVERIFY2(codeShown.contains(QStringLiteral("def sum_of_squares(n: int) -> int:")),
             qPrintable(codeShown));
    QVERIFY(codeShown.contains(QStringLiteral("    return n * (n + 1)")));           // spaces kept
    QVERIFY(code->property("text").toString().contains(QStringLiteral("#cf222e")));  // keyword

    // Markdown: headings, table cells, link text and quotes rendered, not shown as syntax.
    QString markdown;
    for (QQuickItem* block : visibleAll(window_, QStringLiteral("markdownBlock")))
        markdown += shownText(block) + u'\n';
    QVERIFY2(markdown.contains(QStringLiteral("Sum of the first n squares")), qPrintable(markdown));
    QVERIFY(!markdown.contains(QStringLiteral("## ")));
    QVERIFY(markdown.contains(QStringLiteral("Closed form")));
    QVERIFY(!markdown.contains(QStringLiteral("|---|")));
    QVERIFY(markdown.contains(QStringLiteral("Faulhaber's formula")));
    QVERIFY(!markdown.contains(QStringLiteral("https://")));
    QVERIFY(markdown.contains(QStringLiteral("Tip: check small cases")));
    // Inline math became readable text: k² ≥ k, n ∈ ℕ, n → ∞.
    QVERIFY2(markdown.contains(QStringLiteral("k² ≥ k")), qPrintable(markdown));
    QVERIFY(markdown.contains(QStringLiteral("n ∈ ℕ")));
    QVERIFY(markdown.contains(QStringLiteral("n → ∞")));
    QVERIFY(!markdown.contains(QStringLiteral("\\geq")));

    // Display math: the sum formula and the boxed final answer.
    const QList<QQuickItem*> math = visibleAll(window_, QStringLiteral("mathBlock"));
    QCOMPARE(math.size(), 2);
    QVERIFY(!math[0]->property("boxed").toBool());
    QVERIFY(math[1]->property("boxed").toBool());
    QVERIFY(math[0]->property("html").toString().contains(QStringLiteral("∑")));

    // The reasoning panel is there, collapsed, with the time.
    QQuickItem* header = visibleOne(window_, QStringLiteral("reasoningHeader"));
    QVERIFY(header);
    QCOMPARE(header->property("text").toString(), QStringLiteral("Thought for 7 s"));
    QVERIFY2(warnings_.isEmpty(), qPrintable(warnings_.join(u'\n')));
}

void TestMessageView::copyButtonCopiesTheCode() {
    QQuickItem* copy = visibleOne(window_, QStringLiteral("copyCodeButton"));
    QVERIFY(copy);
    QGuiApplication::clipboard()->clear();
    click(window_, copy);
    QTRY_VERIFY(QGuiApplication::clipboard()->text().startsWith(
        QStringLiteral("def sum_of_squares(n: int) -> int:\n")));
    QVERIFY(QGuiApplication::clipboard()->text().endsWith(QStringLiteral("# 385")));
    QTRY_COMPARE(copy->property("text").toString(), QStringLiteral("Copied"));
}

void TestMessageView::editedQuestionShowsItsVersionsAndEditor() {
    // The question was edited once: "2 / 2" on it (and on nothing else).
    const QList<QQuickItem*> positions = visibleAll(window_, QStringLiteral("siblingPosition"));
    QCOMPARE(positions.size(), 1);
    QCOMPARE(positions[0]->property("text").toString(), QStringLiteral("2 / 2"));

    // "‹" shows the first version and its own answer; "›" comes back.
    QQuickItem* previous = visibleOne(window_, QStringLiteral("previousVersion"));
    QVERIFY(previous);
    click(window_, previous);
    QTRY_COMPARE(chat_->messageModel().at(0).content,
                 QStringLiteral("What is the sum of the first n squares? Show Python too."));
    QCOMPARE(chat_->messageModel().at(1).content, QStringLiteral("The sum is n(n+1)(2n+1)/6."));
    QTRY_VERIFY(visibleOne(window_, QStringLiteral("nextVersion")));
    click(window_, visibleOne(window_, QStringLiteral("nextVersion")));
    QTRY_VERIFY(chat_->messageModel().at(0).content.contains(QStringLiteral("Prove it")));
    QTRY_VERIFY(visibleOne(window_, QStringLiteral("codeBlock")));

    // Edit opens the inline editor holding the message; Esc closes it, nothing saved.
    QQuickItem* edit = nullptr;
    QTRY_VERIFY((edit = visibleOne(window_, QStringLiteral("editMessageButton"))));
    click(window_, edit);
    QQuickItem* editor = nullptr;
    QTRY_VERIFY((editor = visibleOne(window_, QStringLiteral("messageEditorText"))));
    QCOMPARE(editor->property("text").toString(), chat_->messageModel().at(0).content);
    QVERIFY(editor->hasActiveFocus());
    // No model is loaded: saving is not offered.
    QQuickItem* save = visibleOne(window_, QStringLiteral("saveEditButton"));
    QVERIFY(save);
    QVERIFY(!save->isEnabled());
    QTest::keyClick(window_, Qt::Key_Escape);
    QTRY_VERIFY(!visibleOne(window_, QStringLiteral("messageEditor")));
    QCOMPARE(chat_->store()->siblings(chat_->messageModel().at(0).id).size(), 2);
}

void TestMessageView::sentDocumentShowsOnTheQuestion() {
    const QList<QQuickItem*> chips = visibleAll(window_, QStringLiteral("sentAttachmentChip"));
    QCOMPARE(chips.size(), 1);
    QCOMPARE(chips.first()->property("fileName").toString(), QStringLiteral("sum-of-squares.pdf"));
    QCOMPARE(chips.first()->property("sizeText").toString(), QStringLiteral("47 KiB"));
    QCOMPARE(chips.first()->property("kind").toString(), QStringLiteral("pdf"));
    QVERIFY(chips.first()->width() > 0 && chips.first()->height() > 0);
    // Read-only: nothing removes a sent document.
    QList<QQuickItem*> remove;
    collect(chips.first(), QStringLiteral("removeAttachment"), remove);
    QVERIFY(remove.isEmpty());
}

void TestMessageView::screenshotsInLightAndDark() {
    QTest::qWait(200);
    const QImage light = window_->grabWindow();
    QVERIFY(!light.isNull());
    QVERIFY(light.save(screenshotDir() + QStringLiteral("/message-view-light.png")));
    chat_->preferences().setTheme(QStringLiteral("dark"));
    QTRY_VERIFY(visibleOne(window_, QStringLiteral("codeText"))
                    ->property("text")
                    .toString()
                    .contains(QStringLiteral("#ff7b72")));  // dark keyword colour
    // Links take the theme's accent (Qt's default link blue is unreadable on dark).
    QString linkBlock;
    for (QQuickItem* block : visibleAll(window_, QStringLiteral("markdownBlock")))
        if (shownText(block).contains(QStringLiteral("Faulhaber")))
            linkBlock = block->property("text").toString();
    QVERIFY2(linkBlock.contains(QStringLiteral("#7aa2ff")), qPrintable(linkBlock));
    QTest::qWait(200);
    const QImage dark = window_->grabWindow();
    QVERIFY(dark.save(screenshotDir() + QStringLiteral("/message-view-dark.png")));
    qInfo("screenshots: %s/message-view-{light,dark}.png", qPrintable(screenshotDir()));
    QVERIFY2(warnings_.isEmpty(), qPrintable(warnings_.join(u'\n')));
}

void TestMessageView::cleanupTestCase() {
    engine_.reset();
    chat_.reset();
}

QTEST_MAIN(TestMessageView)
#include "tst_message_view.moc"
