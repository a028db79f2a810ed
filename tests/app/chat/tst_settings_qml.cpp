// The settings page in the real window (Main.qml, offscreen): Ctrl+, opens it and
// Esc closes it with no QML warning; every focusable control on it has an
// accessible name and Tab reaches them all, scrolling them into view; the theme
// setting turns the whole window dark with no light islands left, and the font
// size setting scales the text. Screenshots of the page in both themes are saved
// in the build folder (settings-light.png, settings-dark.png).
#include <QImage>
#include <QQmlApplicationEngine>
#include <QQmlContext>
#include <QQmlProperty>
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

QQuickItem* visibleIn(QQuickItem* item, const QString& name) {
    if (!item->isVisible()) return nullptr;
    if (item->objectName() == name) return item;
    for (QQuickItem* child : item->childItems())
        if (QQuickItem* found = visibleIn(child, name)) return found;
    return nullptr;
}

// Visible items that take keyboard focus with Tab, in tree order.
void focusable(QQuickItem* item, QList<QQuickItem*>& out) {
    if (!item->isVisible() || !item->isEnabled()) return;
    if (item->activeFocusOnTab()) {
        out.append(item);  // a control's inner editor is part of it
        return;
    }
    for (QQuickItem* child : item->childItems()) focusable(child, out);
}

// Share of pixels close to white: light islands in a dark window.
double whiteShare(const QImage& image) {
    qint64 white = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (c.red() > 245 && c.green() > 245 && c.blue() > 245) ++white;
        }
    return double(white) / (double(image.width()) * image.height());
}

double meanLightness(const QImage& image) {
    double sum = 0;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2) sum += image.pixelColor(x, y).lightnessF();
    return sum / (double((image.width() + 1) / 2) * ((image.height() + 1) / 2));
}

}  // namespace

class TestSettingsQml : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QQuickStyle::setStyle(QStringLiteral("Basic")); }
    void init();
    void cleanup();
    void opensWithCtrlCommaAndClosesWithEscWithoutWarnings();
    void everyControlIsNamedAndReachedWithTab();
    void darkThemeLeavesNoLightIslands();
    void fontSizeScalesTheText();

private:
    QQuickItem* page() { return visibleIn(window_->contentItem(), QStringLiteral("settingsPage")); }
    void openSettings();

    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<ChatController> chat_;
    std::unique_ptr<QQmlApplicationEngine> engine_;
    QQuickWindow* window_ = nullptr;
    QStringList warnings_;
};

void TestSettingsQml::init() {
    cleanup();  // Qt Test skips cleanup() when init() failed: the store goes before its folder
    dir_ = std::make_unique<QTemporaryDir>();
    QVERIFY(dir_->isValid());
    history::OpenResult opened = history::HistoryStore::open(dir_->filePath("history.sqlite3"));
    QVERIFY(opened.store);
    history::NewConversation init;
    init.title = QStringLiteral("Tuned conversation");
    const qint64 id = opened.store->createConversation(init);
    chat_ = std::make_unique<ChatController>(std::move(opened.store), QString());
    chat_->preferences().useSettingsFile(dir_->filePath("settings.ini"));
    chat_->preferences().setTheme(QStringLiteral("light"));
    chat_->openConversation(id);
    QVERIFY(chat_->preferences().setOverride(QStringLiteral("temperature"), 0.3));

    warnings_.clear();
    engine_ = std::make_unique<QQmlApplicationEngine>();
    connect(engine_.get(), &QQmlEngine::warnings, this, [this](const QList<QQmlError>& list) {
        for (const QQmlError& e : list) warnings_ << e.toString();
    });
    engine_->addImportPath(QStringLiteral("qrc:/"));
    QQmlContext* context = engine_->rootContext();
    context->setContextProperty(QStringLiteral("chat"), chat_.get());
    context->setContextProperty(QStringLiteral("modelsFolder"), QUrl::fromLocalFile(dir_->path()));
    context->setContextProperty(QStringLiteral("modelsFolderPath"), dir_->path());
    context->setContextProperty(QStringLiteral("fileDialogAvailable"), false);
    engine_->load(QUrl(QStringLiteral("qrc:/Siliang/Main.qml")));
    QCOMPARE(engine_->rootObjects().size(), 1);
    window_ = qobject_cast<QQuickWindow*>(engine_->rootObjects().first());
    QVERIFY(window_);
    window_->requestActivate();
    QVERIFY(QTest::qWaitForWindowExposed(window_));
}

void TestSettingsQml::cleanup() {
    engine_.reset();
    chat_.reset();
    dir_.reset();
    window_ = nullptr;
}

void TestSettingsQml::openSettings() {
    QTest::keyClick(window_, Qt::Key_Comma, Qt::ControlModifier);
    QTRY_VERIFY(page());
}

void TestSettingsQml::opensWithCtrlCommaAndClosesWithEscWithoutWarnings() {
    QVERIFY(!page());
    openSettings();
    QVERIFY(!visibleIn(window_->contentItem(), QStringLiteral("chatView")));
    // The conversation's override shows, and its reset button is enabled.
    QQuickItem* reset = visibleIn(page(), QStringLiteral("resetOverrides"));
    QVERIFY(reset);
    QVERIFY(reset->isEnabled());
    QTest::keyClick(window_, Qt::Key_Escape);
    QTRY_VERIFY(!page());
    // No model and no messages: back to the welcome page.
    QVERIFY(visibleIn(window_->contentItem(), QStringLiteral("welcomePage")));
    // The gear in the top bar opens it too.
    QQuickItem* gear = visibleIn(window_->contentItem(), QStringLiteral("settingsButton"));
    QVERIFY(gear);
    const QPointF centre = gear->mapToScene(QPointF(gear->width() / 2, gear->height() / 2));
    QTest::mouseClick(window_, Qt::LeftButton, {}, centre.toPoint());
    QTRY_VERIFY(page());
    QVERIFY2(warnings_.isEmpty(), qPrintable(warnings_.join('\n')));
}

void TestSettingsQml::everyControlIsNamedAndReachedWithTab() {
    openSettings();
    QList<QQuickItem*> controls;
    focusable(page(), controls);
    QVERIFY2(controls.size() >= 25, qPrintable(QString::number(controls.size())));
    for (QQuickItem* control : controls) {
        // What screen readers get: the Accessible attached property (buttons fill it
        // from their text).
        // A spin box's text field takes the focus; the spin box carries the name.
        auto nameOf = [](QQuickItem* item) {
            return QQmlProperty(item, QStringLiteral("Accessible.name"), qmlContext(item))
                .read()
                .toString();
        };
        QString name = nameOf(control);
        for (QQuickItem* up = control->parentItem(); name.isEmpty() && up; up = up->parentItem())
            if (up->inherits("QQuickControl")) {
                name = nameOf(up);
                break;
            }
        QVERIFY2(!name.isEmpty(),
                 qPrintable(QStringLiteral("%1 at %2,%3 has no accessible name")
                                .arg(QString::fromUtf8(control->metaObject()->className()))
                                .arg(control->mapToScene({}).x())
                                .arg(control->mapToScene({}).y())));
    }
    // Tab walks every control of the page; the page scrolls to keep it in view.
    QSet<QQuickItem*> reached;
    for (int i = 0; i < controls.size() * 3 + 60 && reached.size() < controls.size(); ++i) {
        QTest::keyClick(window_, Qt::Key_Tab);
        QQuickItem* focused = window_->activeFocusItem();
        QVERIFY(focused);
        for (QQuickItem* control : controls)
            if (control == focused || control->isAncestorOf(focused)) {
                reached.insert(control);
                // The page scrolls on the focus change; on a loaded machine that can land a
                // few event-loop turns later, so wait for it (a real failure still times out).
                const auto top = [&] { return control->mapToItem(page(), QPointF(0, 0)).y(); };
                QTRY_VERIFY2(
                    top() >= -1 && top() + control->height() <= page()->height() + 1,
                    qPrintable(QStringLiteral("focused control out of view at y=%1").arg(top())));
            }
    }
    QCOMPARE(reached.size(), controls.size());
    QVERIFY2(warnings_.isEmpty(), qPrintable(warnings_.join('\n')));
}

void TestSettingsQml::darkThemeLeavesNoLightIslands() {
    openSettings();
    QTest::qWait(100);
    const QImage light = window_->grabWindow();
    QVERIFY(light.save(QStringLiteral(SILIANG_SCREENSHOT_DIR "/settings-light.png")));
    QVERIFY(meanLightness(light) > 0.8);

    chat_->preferences().setTheme(QStringLiteral("dark"));
    QTRY_VERIFY(window_->color().lightnessF() < 0.2);
    QTest::qWait(100);
    const QImage dark = window_->grabWindow();
    QVERIFY(dark.save(QStringLiteral(SILIANG_SCREENSHOT_DIR "/settings-dark.png")));
    QVERIFY2(meanLightness(dark) < 0.25, qPrintable(QString::number(meanLightness(dark))));
    // Text is off-white (#ececef, below the threshold); white would be controls left light.
    QVERIFY2(whiteShare(dark) < 0.002, qPrintable(QString::number(whiteShare(dark))));

    // The bottom of the page (generation defaults, this conversation) as well.
    auto* flick = page()->findChild<QQuickItem*>(QString(), Qt::FindDirectChildrenOnly);
    QVERIFY(flick && flick->inherits("QQuickFlickable"));
    flick->setProperty("contentY", flick->property("contentHeight").toReal() - flick->height());
    QTest::qWait(100);
    const QImage end = window_->grabWindow();
    QVERIFY(end.save(QStringLiteral(SILIANG_SCREENSHOT_DIR "/settings-dark-end.png")));
    QVERIFY2(whiteShare(end) < 0.002, qPrintable(QString::number(whiteShare(end))));

    // The chat side too.
    QTest::keyClick(window_, Qt::Key_Escape);
    QTRY_VERIFY(!page());
    QTest::qWait(100);
    const QImage chat = window_->grabWindow();
    QVERIFY(chat.save(QStringLiteral(SILIANG_SCREENSHOT_DIR "/chat-dark.png")));
    QVERIFY2(whiteShare(chat) < 0.002, qPrintable(QString::number(whiteShare(chat))));
    QVERIFY2(warnings_.isEmpty(), qPrintable(warnings_.join('\n')));
}

void TestSettingsQml::fontSizeScalesTheText() {
    QCOMPARE(window_->property("font").value<QFont>().pixelSize(), 14);
    chat_->preferences().setFontSize(20);
    QTRY_COMPARE(window_->property("font").value<QFont>().pixelSize(), 20);
    openSettings();
    QVERIFY2(warnings_.isEmpty(), qPrintable(warnings_.join('\n')));
}

QTEST_MAIN(TestSettingsQml)
#include "tst_settings_qml.moc"
