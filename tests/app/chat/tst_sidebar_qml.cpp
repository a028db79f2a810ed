// The sidebar as a user drives it, in the real QML UI offscreen over a real
// history file: date sections show, Ctrl+F's focusSearch() takes typing, hits show
// highlighted snippets, Down/Enter opens a hit at its message, Esc clears; the "…"
// menu renames in place (Enter commits, Esc cancels) and deletes with Undo.
#include <QQmlApplicationEngine>
#include <QQmlContext>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QtQml/QQmlExtensionPlugin>

#include "chatcontroller.h"

Q_IMPORT_QML_PLUGIN(SiliangPlugin)

using siliang::app::ChatController;
namespace history = siliang::history;

namespace {

// The first visible item named `name` (delegates and popups are not QObject
// children of the window, so findChild() does not see them).
QQuickItem* visibleIn(QQuickItem* item, const QString& name) {
    if (!item->isVisible()) return nullptr;
    if (item->objectName() == name) return item;
    for (QQuickItem* child : item->childItems())
        if (QQuickItem* found = visibleIn(child, name)) return found;
    return nullptr;
}

// QTest::keyClicks() is for widgets only; a QWindow gets its keys one by one.
void typeText(QQuickWindow* window, const QString& text) {
    for (const QChar c : text) QTest::keyClick(window, c.toLatin1());
}

void click(QQuickWindow* window, QQuickItem* item) {
    const QPointF centre = item->mapToScene(QPointF(item->width() / 2, item->height() / 2));
    QTest::mouseClick(window, Qt::LeftButton, {}, centre.toPoint());
}

history::NewConversation named(const QString& title) {
    history::NewConversation c;
    c.title = title;
    return c;
}

history::NewMessage text(history::Role role, const QString& content) {
    history::NewMessage m;
    m.role = role;
    m.content = content;
    return m;
}

}  // namespace

class TestSidebarQml : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void searchOpensTheHitAtItsMessage();
    void menuRenamesInPlaceAndDeletesWithUndo();
    void cleanupTestCase();

private:
    QQuickItem* find(const QString& name) { return visibleIn(window_->contentItem(), name); }
    QTemporaryDir dir_;
    qint64 alpha_ = 0, beta_ = 0, alphaHit_ = 0;
    std::unique_ptr<ChatController> chat_;
    std::unique_ptr<QQmlApplicationEngine> engine_;
    QQuickWindow* window_ = nullptr;
    QStringList warnings_;
};

void TestSidebarQml::initTestCase() {
    QQuickStyle::setStyle(QStringLiteral("Basic"));
    QVERIFY(dir_.isValid());
    history::OpenResult opened = history::HistoryStore::open(dir_.filePath("history.sqlite3"));
    QVERIFY(opened.store);
    history::HistoryStore& store = *opened.store;
    alpha_ = store.createConversation(named(QStringLiteral("Alpha trip")));
    for (int i = 0; i < 12; ++i) {
        store.appendMessage(alpha_,
                            text(history::Role::User, QStringLiteral("Question %1").arg(i)));
        const qint64 id = store.appendMessage(
            alpha_, text(history::Role::Assistant,
                         i == 9 ? QStringLiteral("Pack a <b>walrus</b> costume & a map.")
                                : QStringLiteral("Answer %1, long enough to take some room in "
                                                 "the view.\n\nSecond paragraph.")
                                      .arg(i)));
        if (i == 9) alphaHit_ = id;
    }
    QTest::qWait(3);
    beta_ = store.createConversation(named(QStringLiteral("Beta notes")));
    store.appendMessage(beta_, text(history::Role::User, QStringLiteral("Nothing to see")));
    chat_ = std::make_unique<ChatController>(std::move(opened.store), opened.message);

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
    engine_->load(QUrl(QStringLiteral("qrc:/Siliang/Main.qml")));
    window_ = qobject_cast<QQuickWindow*>(engine_->rootObjects().value(0));
    QVERIFY(window_);
    QVERIFY(QTest::qWaitForWindowExposed(window_));
    window_->requestActivate();
}

void TestSidebarQml::searchOpensTheHitAtItsMessage() {
    QTRY_VERIFY(find(QStringLiteral("conversation_%1").arg(beta_)));
    QVERIFY(find(QStringLiteral("conversation_%1").arg(alpha_)));

    QQuickItem* sidebar = find(QStringLiteral("sidebar"));
    QVERIFY(sidebar);
    QVERIFY(QMetaObject::invokeMethod(sidebar, "focusSearch"));
    QQuickItem* field = find(QStringLiteral("searchField"));
    QVERIFY(field);
    QTRY_VERIFY(field->hasActiveFocus());
    typeText(window_, QStringLiteral("walrus"));
    QCOMPARE(field->property("text").toString(), QStringLiteral("walrus"));
    QTRY_VERIFY(find(QStringLiteral("searchHit_0")));
    QVERIFY(!find(QStringLiteral("conversationList")));  // results replace the list
    QQuickItem* snippet = visibleIn(find(QStringLiteral("searchHit_0")), QStringLiteral("snippet"));
    QVERIFY(snippet);
    const QString html = snippet->property("text").toString();
    QVERIFY2(html.contains(QStringLiteral("&lt;b&gt;<span")) && html.contains("<b>walrus</b>"),
             qPrintable(html));

    // Down stays on the only hit; Enter opens it and the chat view scrolls to it.
    QSignalSpy scroll(chat_.get(), &ChatController::scrollToMessage);
    QTest::keyClick(window_, Qt::Key_Down);
    QTest::keyClick(window_, Qt::Key_Return);
    QCOMPARE(chat_->conversationId(), alpha_);
    QCOMPARE(scroll.size(), 1);
    const int row = scroll.first().at(0).toInt();
    QCOMPARE(chat_->messageModel().at(row).id, alphaHit_);
    QCOMPARE(row, 19);
    QQuickItem* flash = nullptr;
    QTRY_VERIFY((flash = find(QStringLiteral("searchHitFlash"))) && flash->opacity() > 0);
    // The flash covers the hit's message, which is in view.
    const QRectF flashRect = flash->mapRectToScene(QRectF(0, 0, flash->width(), flash->height()));
    QQuickItem* list = find(QStringLiteral("messageList"));
    QVERIFY(list);
    QVERIFY2(list->mapRectToScene(QRectF(0, 0, list->width(), list->height())).contains(flashRect),
             qPrintable(QStringLiteral("flash at y %1").arg(flashRect.y())));
    QQuickItem* bubble = nullptr;
    QVERIFY(QMetaObject::invokeMethod(list, "itemAtIndex", Q_RETURN_ARG(QQuickItem*, bubble),
                                      Q_ARG(int, row)));
    QVERIFY(bubble);
    QTRY_VERIFY(flashRect.contains(
        bubble->mapRectToScene(QRectF(0, 0, bubble->width(), bubble->height()))));

    const QString shotDir = qEnvironmentVariable("SILIANG_SCREENSHOT_DIR");
    if (!shotDir.isEmpty())
        window_->grabWindow().save(shotDir + QStringLiteral("/sidebar-search.png"));

    // Esc clears the box and brings the list back.
    QTest::keyClick(window_, Qt::Key_Escape);
    QCOMPARE(field->property("text").toString(), QString());
    QTRY_VERIFY(find(QStringLiteral("conversationList")));
    QVERIFY(!find(QStringLiteral("searchHit_0")));
}

void TestSidebarQml::menuRenamesInPlaceAndDeletesWithUndo() {
    // Open the menu with the row's "…" button (shown on the open conversation).
    auto openMenuOf = [&](qint64 id) {
        QQuickItem* row = find(QStringLiteral("conversation_%1").arg(id));
        QVERIFY(row);
        QQuickItem* button = visibleIn(row, QStringLiteral("conversationMenuButton"));
        QVERIFY(button);
        click(window_, button);
        QTRY_VERIFY(find(QStringLiteral("renameAction")));
    };
    QCOMPARE(chat_->conversationId(), alpha_);
    openMenuOf(alpha_);
    QVERIFY(find(QStringLiteral("exportJsonAction")));
    const QString shots = qEnvironmentVariable("SILIANG_SCREENSHOT_DIR");
    if (!shots.isEmpty()) window_->grabWindow().save(shots + QStringLiteral("/sidebar-menu.png"));
    click(window_, find(QStringLiteral("renameAction")));
    QQuickItem* editor = nullptr;
    QTRY_VERIFY((editor = find(QStringLiteral("renameField"))) && editor->hasActiveFocus());
    QCOMPARE(editor->property("text").toString(), QStringLiteral("Alpha trip"));
    QTest::keyClick(window_, Qt::Key_A, Qt::ControlModifier);
    typeText(window_, QStringLiteral("Walrus plans"));
    QTest::keyClick(window_, Qt::Key_Return);
    QTRY_VERIFY(!find(QStringLiteral("renameField")));
    QCOMPARE(chat_->store()->conversation(alpha_)->title, QStringLiteral("Walrus plans"));
    QCOMPARE(window_->title(), QStringLiteral("Walrus plans — Siliang"));

    // Esc cancels: the typed name is dropped.
    openMenuOf(alpha_);
    click(window_, find(QStringLiteral("renameAction")));
    QTRY_VERIFY(find(QStringLiteral("renameField")));
    typeText(window_, QStringLiteral("oops"));
    QTest::keyClick(window_, Qt::Key_Escape);
    QTRY_VERIFY(!find(QStringLiteral("renameField")));
    QCOMPARE(chat_->store()->conversation(alpha_)->title, QStringLiteral("Walrus plans"));

    // Delete from the menu; the notice offers Undo, which brings it back.
    openMenuOf(alpha_);
    click(window_, find(QStringLiteral("deleteAction")));
    QTRY_VERIFY(!find(QStringLiteral("conversation_%1").arg(alpha_)));
    QQuickItem* undo = nullptr;
    QTRY_VERIFY((undo = find(QStringLiteral("undoButton"))));
    const QString shotDir = qEnvironmentVariable("SILIANG_SCREENSHOT_DIR");
    if (!shotDir.isEmpty())
        window_->grabWindow().save(shotDir + QStringLiteral("/sidebar-undo.png"));
    click(window_, undo);
    QTRY_VERIFY(find(QStringLiteral("conversation_%1").arg(alpha_)));
    QTRY_VERIFY(!find(QStringLiteral("sidebarNotice")));
    QCOMPARE(chat_->conversationId(), alpha_);  // it was open: open again
}

void TestSidebarQml::cleanupTestCase() {
    engine_.reset();
    QVERIFY2(warnings_.isEmpty(), qPrintable(warnings_.join('\n')));
}

QTEST_MAIN(TestSidebarQml)
#include "tst_sidebar_qml.moc"
