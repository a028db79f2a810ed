<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ChatView</name>
    <message>
        <location filename="../ui/ChatView.qml" line="23"/>
        <source>Messages</source>
        <translation>消息</translation>
    </message>
    <message>
        <location filename="../ui/ChatView.qml" line="46"/>
        <source>How can I help you today?</source>
        <translation>今天我能帮你做什么？</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <location filename="../ui/Composer.qml" line="39"/>
        <source>Message %1</source>
        <translation>给 %1 发消息</translation>
    </message>
    <message>
        <location filename="../ui/Composer.qml" line="40"/>
        <source>Load a model to start chatting</source>
        <translation>加载模型后即可开始聊天</translation>
    </message>
    <message>
        <location filename="../ui/Composer.qml" line="46"/>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <location filename="../ui/Composer.qml" line="66"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../ui/Composer.qml" line="66"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../ui/Composer.qml" line="68"/>
        <source>Stop (Esc)</source>
        <translation>停止 (Esc)</translation>
    </message>
    <message>
        <location filename="../ui/Composer.qml" line="68"/>
        <source>Send (Enter)</source>
        <translation>发送 (Enter)</translation>
    </message>
    <message>
        <source>Attach documents</source>
        <translation>附加文档</translation>
    </message>
    <message>
        <source>Documents (*.pdf *.docx *.odt *.md *.txt *.html *.htm *.csv *.tsv *.json *.xml *.rtf *.epub)</source>
        <translation>文档 (*.pdf *.docx *.odt *.md *.txt *.html *.htm *.csv *.tsv *.json *.xml *.rtf *.epub)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Attach documents (or drop them here)</source>
        <translation>附加文档（或将文档拖放到这里）</translation>
    </message>
</context>
<context>
    <name>ConversationDelegate</name>
    <message>
        <location filename="../ui/ConversationDelegate.qml"/>
        <source>Pinned conversation</source>
        <translation>已置顶的对话</translation>
    </message>
    <message>
        <location filename="../ui/ConversationDelegate.qml"/>
        <source>New name for %1</source>
        <translation>%1 的新名称</translation>
    </message>
    <message>
        <location filename="../ui/ConversationDelegate.qml"/>
        <source>Actions for %1</source>
        <translation>%1 的操作</translation>
    </message>
    <message>
        <location filename="../ui/ConversationDelegate.qml"/>
        <source>Rename, pin, export or delete</source>
        <translation>重命名、置顶、导出或删除</translation>
    </message>
</context>
<context>
    <name>ConversationMenu</name>
    <message>
        <location filename="../ui/ConversationMenu.qml"/>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <location filename="../ui/ConversationMenu.qml"/>
        <source>Rename %1</source>
        <translation>重命名 %1</translation>
    </message>
    <message>
        <location filename="../ui/ConversationMenu.qml"/>
        <source>Unpin</source>
        <translation>取消置顶</translation>
    </message>
    <message>
        <location filename="../ui/ConversationMenu.qml"/>
        <source>Pin</source>
        <translation>置顶</translation>
    </message>
    <message>
        <location filename="../ui/ConversationMenu.qml"/>
        <source>Unpin %1</source>
        <translation>取消置顶 %1</translation>
    </message>
    <message>
        <location filename="../ui/ConversationMenu.qml"/>
        <source>Pin %1</source>
        <translation>置顶 %1</translation>
    </message>
    <message>
        <location filename="../ui/ConversationMenu.qml"/>
        <source>Export as Markdown…</source>
        <translation>导出为 Markdown…</translation>
    </message>
    <message>
        <location filename="../ui/ConversationMenu.qml"/>
        <source>Export %1 as Markdown</source>
        <translation>将 %1 导出为 Markdown</translation>
    </message>
    <message>
        <location filename="../ui/ConversationMenu.qml"/>
        <source>Export as JSON…</source>
        <translation>导出为 JSON…</translation>
    </message>
    <message>
        <location filename="../ui/ConversationMenu.qml"/>
        <source>Export %1 as JSON</source>
        <translation>将 %1 导出为 JSON</translation>
    </message>
    <message>
        <location filename="../ui/ConversationMenu.qml"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../ui/ConversationMenu.qml"/>
        <source>Delete %1</source>
        <translation>删除 %1</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../ui/Main.qml" line="23"/>
        <source>Choose a GGUF model</source>
        <translation>选择 GGUF 模型</translation>
    </message>
    <message>
        <location filename="../ui/Main.qml" line="24"/>
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF 模型 (*.gguf)</translation>
    </message>
    <message>
        <location filename="../ui/Main.qml" line="24"/>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../ui/Main.qml" line="65"/>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <location filename="../ui/Main.qml" line="76"/>
        <source>Model loading progress</source>
        <translation>模型加载进度</translation>
    </message>
    <message>
        <location filename="../ui/Main.qml" line="85"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../ui/Main.qml" line="87"/>
        <source>Cancel loading the model</source>
        <translation>取消加载模型</translation>
    </message>
    <message>
        <location filename="../ui/Main.qml" line="93"/>
        <source>Change model…</source>
        <translation>更换模型…</translation>
    </message>
    <message>
        <location filename="../ui/Main.qml" line="93"/>
        <source>Open model…</source>
        <translation>打开模型…</translation>
    </message>
    <message>
        <location filename="../ui/Main.qml" line="96"/>
        <source>Choose a model file</source>
        <translation>选择模型文件</translation>
    </message>
    <message>
        <location filename="../ui/Main.qml" line="121"/>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../ui/Main.qml" line="123"/>
        <source>Dismiss message</source>
        <translation>关闭提示</translation>
    </message>
    <message>
        <source>Model import progress</source>
        <translation>模型导入进度</translation>
    </message>
    <message>
        <source>Importing %1… %2 %</source>
        <translation>正在导入 %1… %2 %</translation>
    </message>
    <message>
        <source>Cancel the import</source>
        <translation>取消导入</translation>
    </message>
    <message>
        <source>Device: %1</source>
        <translation>设备：%1</translation>
    </message>
    <message>
        <location filename="../ui/Main.qml" line="155"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../ui/Main.qml" line="157"/>
        <source>Settings (Ctrl+,)</source>
        <translation>设置（Ctrl+,）</translation>
    </message>
</context>
<context>
    <name>MessageBubble</name>
    <message>
        <location filename="../ui/MessageBubble.qml" line="46"/>
        <source>You said: %1</source>
        <translation>你说：%1</translation>
    </message>
    <message>
        <location filename="../ui/MessageBubble.qml" line="76"/>
        <source>Answer: %1</source>
        <translation>回答：%1</translation>
    </message>
    <message>
        <location filename="../ui/MessageBubble.qml" line="107"/>
        <source>The answer failed: %1</source>
        <translation>回答失败：%1</translation>
    </message>
    <message>
        <location filename="../ui/MessageBubble.qml" line="147"/>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../ui/MessageBubble.qml" line="147"/>
        <source>Interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <location filename="../ui/MessageBubble.qml" line="164"/>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
    <message>
        <location filename="../ui/MessageBubble.qml" line="164"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../ui/MessageBubble.qml" line="166"/>
        <source>Copy the answer</source>
        <translation>复制回答</translation>
    </message>
    <message>
        <location filename="../ui/MessageBubble.qml" line="180"/>
        <source>↻ Regenerate</source>
        <translation>↻ 重新生成</translation>
    </message>
    <message>
        <location filename="../ui/MessageBubble.qml" line="182"/>
        <source>Regenerate the answer</source>
        <translation>重新生成回答</translation>
    </message>
    <message>
        <location filename="../ui/MessageBubble.qml"/>
        <source>Edit your message</source>
        <translation>编辑你的消息</translation>
    </message>
    <message>
        <location filename="../ui/MessageBubble.qml"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../ui/MessageBubble.qml"/>
        <source>Cancel the edit</source>
        <translation>取消编辑</translation>
    </message>
    <message>
        <location filename="../ui/MessageBubble.qml"/>
        <source>Save and send</source>
        <translation>保存并发送</translation>
    </message>
    <message>
        <location filename="../ui/MessageBubble.qml"/>
        <source>Save the edited message and answer it</source>
        <translation>保存修改后的消息并重新回答</translation>
    </message>
    <message>
        <location filename="../ui/MessageBubble.qml"/>
        <source>Copy the message</source>
        <translation>复制消息</translation>
    </message>
    <message>
        <location filename="../ui/MessageBubble.qml"/>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../ui/MessageBubble.qml"/>
        <source>Edit the message</source>
        <translation>编辑消息</translation>
    </message>
    <message>
        <location filename="../ui/MessageBubble.qml"/>
        <source>■ Stop</source>
        <translation>■ 停止</translation>
    </message>
    <message>
        <location filename="../ui/MessageBubble.qml"/>
        <source>Stop the answer</source>
        <translation>停止回答</translation>
    </message>
</context>
<context>
    <name>ReasoningPanel</name>
    <message>
        <location filename="../ui/ReasoningPanel.qml" line="27"/>
        <source>Hide the reasoning</source>
        <translation>隐藏思考过程</translation>
    </message>
    <message>
        <location filename="../ui/ReasoningPanel.qml" line="27"/>
        <source>Show the reasoning</source>
        <translation>显示思考过程</translation>
    </message>
    <message>
        <location filename="../ui/ReasoningPanel.qml" line="33"/>
        <source>Thinking… %1 s</source>
        <translation>思考中… %1 秒</translation>
    </message>
    <message>
        <location filename="../ui/ReasoningPanel.qml" line="34"/>
        <source>Thought for %1 s</source>
        <translation>已思考 %1 秒</translation>
    </message>
    <message>
        <location filename="../ui/ReasoningPanel.qml" line="37"/>
        <source>Thought for a moment</source>
        <translation>已思考片刻</translation>
    </message>
    <message>
        <location filename="../ui/ReasoningPanel.qml" line="66"/>
        <source>Reasoning</source>
        <translation>思考过程</translation>
    </message>
</context>
<context>
    <name>SearchResultsView</name>
    <message>
        <location filename="../ui/SearchResultsView.qml"/>
        <source>Search results</source>
        <translation>搜索结果</translation>
    </message>
    <message>
        <location filename="../ui/SearchResultsView.qml"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../ui/SearchResultsView.qml"/>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location filename="../ui/SearchResultsView.qml"/>
        <source>Reasoning</source>
        <translation>思考过程</translation>
    </message>
    <message>
        <location filename="../ui/SearchResultsView.qml"/>
        <source>No matches</source>
        <translation>没有匹配的结果</translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <location filename="../ui/Sidebar.qml" line="29"/>
        <location filename="../ui/Sidebar.qml" line="30"/>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location filename="../ui/Sidebar.qml" line="54"/>
        <source>Conversations</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../ui/Sidebar.qml" line="109"/>
        <source>No conversations yet</source>
        <translation>还没有对话</translation>
    </message>
    <message>
        <location filename="../ui/Sidebar.qml"/>
        <source>Export as JSON</source>
        <translation>导出为 JSON</translation>
    </message>
    <message>
        <location filename="../ui/Sidebar.qml"/>
        <source>Export as Markdown</source>
        <translation>导出为 Markdown</translation>
    </message>
    <message>
        <location filename="../ui/Sidebar.qml"/>
        <source>JSON files (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <location filename="../ui/Sidebar.qml"/>
        <source>Markdown files (*.md)</source>
        <translation>Markdown 文件 (*.md)</translation>
    </message>
    <message>
        <location filename="../ui/Sidebar.qml"/>
        <source>Search chats</source>
        <translation>搜索对话</translation>
    </message>
    <message>
        <location filename="../ui/Sidebar.qml"/>
        <source>Search conversations</source>
        <translation>搜索对话</translation>
    </message>
    <message>
        <location filename="../ui/Sidebar.qml"/>
        <source>Enter opens the selected result, Esc clears</source>
        <translation>回车打开所选结果，Esc 清除</translation>
    </message>
    <message>
        <location filename="../ui/Sidebar.qml"/>
        <source>Clear search</source>
        <translation>清除搜索</translation>
    </message>
</context>
<context>
    <name>SidebarNotice</name>
    <message>
        <location filename="../ui/SidebarNotice.qml"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../ui/SidebarNotice.qml"/>
        <source>Undo delete</source>
        <translation>撤销删除</translation>
    </message>
    <message>
        <location filename="../ui/SidebarNotice.qml"/>
        <source>Dismiss notice</source>
        <translation>关闭提示</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <location filename="../ui/WelcomePage.qml" line="24"/>
        <source>Welcome to Siliang</source>
        <translation>欢迎使用四两</translation>
    </message>
    <message>
        <location filename="../ui/WelcomePage.qml" line="35"/>
        <source>Chat with language models entirely on this computer: offline and private. To begin, choose a model file in GGUF format.</source>
        <translation>在这台电脑上与语言模型聊天：完全离线，保护隐私。首先，请选择一个 GGUF 格式的模型文件。</translation>
    </message>
    <message>
        <location filename="../ui/WelcomePage.qml" line="43"/>
        <source>Model loading progress</source>
        <translation>模型加载进度</translation>
    </message>
    <message>
        <location filename="../ui/WelcomePage.qml" line="48"/>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <location filename="../ui/WelcomePage.qml" line="57"/>
        <source>Choose a GGUF file…</source>
        <translation>选择 GGUF 文件…</translation>
    </message>
    <message>
        <location filename="../ui/WelcomePage.qml" line="58"/>
        <source>Choose a GGUF model file</source>
        <translation>选择 GGUF 模型文件</translation>
    </message>
    <message>
        <location filename="../ui/WelcomePage.qml" line="83"/>
        <source>Put GGUF files in %1, or start Siliang with one: siliang --model FILE.gguf</source>
        <translation>把 GGUF 文件放到 %1，或用模型启动四两：siliang --model FILE.gguf</translation>
    </message>
    <message>
        <location filename="../ui/WelcomePage.qml" line="89"/>
        <source>Look again</source>
        <translation>重新查找</translation>
    </message>
    <message>
        <location filename="../ui/WelcomePage.qml" line="90"/>
        <source>Look for models again</source>
        <translation>重新查找模型</translation>
    </message>
    <message>
        <location filename="../ui/WelcomePage.qml" line="97"/>
        <source>Models found on this computer</source>
        <translation>在这台电脑上找到的模型</translation>
    </message>
    <message>
        <location filename="../ui/WelcomePage.qml" line="109"/>
        <source>Load %1</source>
        <translation>加载 %1</translation>
    </message>
    <message>
        <source>Model import progress</source>
        <translation>模型导入进度</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>正在导入 %1…</translation>
    </message>
    <message>
        <source>or drop a .gguf file on this window</source>
        <translation>或将 .gguf 文件拖放到此窗口</translation>
    </message>
    <message>
        <source>Copy into the models folder</source>
        <translation>复制到模型文件夹</translation>
    </message>
    <message>
        <source>Off: use the file where it is, without a second copy.</source>
        <translation>关闭：直接使用原位置的文件，不再复制一份。</translation>
    </message>
    <message>
        <source>Models folder: %1</source>
        <translation>模型文件夹：%1</translation>
    </message>
    <message>
        <source>Drop a .gguf file on this window to import it.</source>
        <translation>将 .gguf 文件拖放到此窗口即可导入。</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/appoptions.cpp" line="11"/>
        <source>Siliang: chat with language models on this machine.</source>
        <translation>四两：在本机与语言模型聊天。</translation>
    </message>
    <message>
        <location filename="../app/gui/appoptions.cpp" line="15"/>
        <source>GGUF model files to offer.</source>
        <translation>要列出的 GGUF 模型文件。</translation>
    </message>
    <message>
        <location filename="../app/gui/appoptions.cpp" line="18"/>
        <source>Load this model at start.</source>
        <translation>启动时加载此模型。</translation>
    </message>
    <message>
        <location filename="../app/gui/appoptions.cpp" line="22"/>
        <source>Keep history and models in this folder.</source>
        <translation>在此文件夹中保存历史记录和模型。</translation>
    </message>
    <message>
        <location filename="../app/gui/appoptions.cpp" line="26"/>
        <source>Send this message once the model is loaded.</source>
        <translation>模型加载后发送这条消息。</translation>
    </message>
    <message>
        <location filename="../app/gui/appoptions.cpp" line="30"/>
        <source>Limit answers to this many tokens.</source>
        <translation>回答最多生成这么多词元。</translation>
    </message>
    <message>
        <location filename="../app/gui/appoptions.cpp" line="34"/>
        <source>Save the window to this PNG, then quit.</source>
        <translation>把窗口保存为此 PNG 文件，然后退出。</translation>
    </message>
    <message>
        <location filename="../app/gui/appoptions.cpp" line="38"/>
        <source>Seconds to wait before the screenshot.</source>
        <translation>截图前等待的秒数。</translation>
    </message>
</context>
<context>
    <name>siliang::app::ChatController</name>
    <message>
        <location filename="../app/chat/chatcontroller.cpp" line="130"/>
        <source>Load a model before sending a message.</source>
        <translation>发送消息前请先加载模型。</translation>
    </message>
    <message>
        <location filename="../app/chat/chatcontroller.cpp" line="149"/>
        <source>The message could not be saved: %1</source>
        <translation>消息无法保存：%1</translation>
    </message>
    <message>
        <location filename="../app/chat/chatcontroller.cpp" line="206"/>
        <source>The answer could not be started: %1</source>
        <translation>无法开始回答：%1</translation>
    </message>
    <message>
        <location filename="../app/chat/chatcontroller.cpp" line="300"/>
        <source>The answer could not be saved: %1</source>
        <translation>回答无法保存：%1</translation>
    </message>
    <message>
        <location filename="../app/chat/chatcontroller_model.cpp" line="36"/>
        <source>%1: no such file.</source>
        <translation>%1：文件不存在。</translation>
    </message>
    <message>
        <location filename="../app/chat/chatcontroller_history.cpp"/>
        <source>Conversation deleted</source>
        <translation>已删除对话</translation>
    </message>
    <message>
        <location filename="../app/chat/chatcontroller_history.cpp"/>
        <source>Deleted “%1”</source>
        <translation>已删除“%1”</translation>
    </message>
    <message>
        <location filename="../app/chat/chatcontroller_history.cpp"/>
        <source>conversation</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../app/chat/chatcontroller_history.cpp"/>
        <source>Unknown export format “%1”.</source>
        <translation>未知的导出格式“%1”。</translation>
    </message>
    <message>
        <location filename="../app/chat/chatcontroller_history.cpp"/>
        <source>That conversation no longer exists.</source>
        <translation>该对话已不存在。</translation>
    </message>
    <message>
        <location filename="../app/chat/chatcontroller_history.cpp"/>
        <source>Could not export to %1: %2</source>
        <translation>无法导出到 %1：%2</translation>
    </message>
    <message>
        <location filename="../app/chat/chatcontroller_history.cpp"/>
        <source>Exported to %1</source>
        <translation>已导出到 %1</translation>
    </message>
    <message>
        <location filename="../app/chat/chatcontroller_history.cpp"/>
        <source>That message no longer exists.</source>
        <translation>该消息已不存在。</translation>
    </message>
    <message>
        <location filename="../app/chat/chatcontroller_edit.cpp"/>
        <source>The edited message could not be saved: %1</source>
        <translation>修改后的消息无法保存：%1</translation>
    </message>
    <message>
        <location filename="../app/chat/chatcontroller.cpp"/>
        <source>Wait for the answer in “%1” or stop it there.</source>
        <translation>请等待“%1”中的回答完成，或在那里停止它。</translation>
    </message>
    <message>
        <location filename="../app/chat/chatcontroller.cpp"/>
        <source>The models folder cannot be used: %1 Using %2 instead.</source>
        <translation>无法使用模型文件夹：%1 改用 %2。</translation>
    </message>
</context>
<context>
    <name>siliang::app::ConversationListModel</name>
    <message>
        <location filename="../app/chat/conversationlistmodel.cpp" line="17"/>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location filename="../app/chat/conversationlistmodel.cpp" line="34"/>
        <source>Pinned</source>
        <translation>已置顶</translation>
    </message>
    <message>
        <location filename="../app/chat/conversationlistmodel.cpp" line="36"/>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../app/chat/conversationlistmodel.cpp" line="37"/>
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <location filename="../app/chat/conversationlistmodel.cpp" line="38"/>
        <source>Previous 7 days</source>
        <translation>过去 7 天</translation>
    </message>
    <message>
        <location filename="../app/chat/conversationlistmodel.cpp" line="39"/>
        <source>Older</source>
        <translation>更早</translation>
    </message>
</context>
<context>
    <name>siliang::app::EngineCore</name>
    <message>
        <location filename="../app/chat/enginecore.cpp" line="79"/>
        <source>Loading %1 was cancelled.</source>
        <translation>已取消加载 %1。</translation>
    </message>
    <message>
        <location filename="../app/chat/enginecore.cpp" line="100"/>
        <source>No model is loaded.</source>
        <translation>未加载模型。</translation>
    </message>
    <message>
        <location filename="../app/chat/enginecore.cpp" line="116"/>
        <source>The message does not fit in the model&apos;s context of %1 tokens.</source>
        <translation>这条消息超出了模型 %1 个词元的上下文长度。</translation>
    </message>
</context>
<context>
    <name>ModelPicker</name>
    <message>
        <source>Choose a model</source>
        <translation>选择模型</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <source>Models on this computer</source>
        <translation>本机上的模型</translation>
    </message>
    <message>
        <source>No models yet: import a GGUF file.</source>
        <translation>还没有模型：请导入一个 GGUF 文件。</translation>
    </message>
    <message>
        <source>Load %1</source>
        <translation>加载 %1</translation>
    </message>
    <message>
        <source>Import a GGUF file…</source>
        <translation>导入 GGUF 文件…</translation>
    </message>
    <message>
        <source>Import a GGUF model file</source>
        <translation>导入 GGUF 模型文件</translation>
    </message>
    <message>
        <source>Copy into the models folder</source>
        <translation>复制到模型文件夹</translation>
    </message>
    <message>
        <source>Off: use the file where it is, without a second copy.</source>
        <translation>关闭：直接使用原位置的文件，不再复制一份。</translation>
    </message>
    <message>
        <source>Models folder: %1</source>
        <translation>模型文件夹：%1</translation>
    </message>
</context>
<context>
    <name>AttachmentChip</name>
    <message>
        <source>Attachment %1, %2</source>
        <translation>附件 %1，%2</translation>
    </message>
    <message>
        <source>Remove %1</source>
        <translation>移除 %1</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
</context>
<context>
    <name>ContextIndicator</name>
    <message>
        <source>Context used: %1 of %2 tokens</source>
        <translation>已用上下文：%1 / %2 个词元</translation>
    </message>
    <message>
        <source>About %1 of %2 tokens of context used (estimated until the model answers).</source>
        <translation>已用约 %1 / %2 个词元的上下文（模型回答前为估计值）。</translation>
    </message>
    <message>
        <source>%1 of %2 tokens of context used.</source>
        <translation>已用 %1 / %2 个词元的上下文。</translation>
    </message>
    <message>
        <source>Near the limit: the oldest messages will be left out.</source>
        <translation>接近上限：最早的消息将被略去。</translation>
    </message>
</context>
<context>
    <name>ModelSummary</name>
    <message>
        <source>%1: no such file.</source>
        <translation>%1：文件不存在。</translation>
    </message>
    <message>
        <source>%1 is not a usable GGUF model: %2</source>
        <translation>%1 不是可用的 GGUF 模型：%2</translation>
    </message>
    <message>
        <source>%1 cannot be run by Siliang: %2</source>
        <translation>四两无法运行 %1：%2</translation>
    </message>
    <message>
        <source>%1 could not be read: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
</context>
<context>
    <name>DeviceInfo</name>
    <message>
        <source>Running on the CPU with 1 thread.</source>
        <translation>在 CPU 上运行，使用 1 个线程。</translation>
    </message>
    <message>
        <source>Running on the CPU with %1 threads.</source>
        <translation>在 CPU 上运行，使用 %1 个线程。</translation>
    </message>
    <message>
        <source>No CUDA or Vulkan backend is available in this build.</source>
        <translation>此版本没有可用的 CUDA 或 Vulkan 后端。</translation>
    </message>
    <message>
        <source>No usable GPU was found (backends available: %1).</source>
        <translation>未找到可用的 GPU（可用后端：%1）。</translation>
    </message>
    <message>
        <source>Running on %1 with CUDA, the fastest backend on this computer.</source>
        <translation>通过 CUDA 在 %1 上运行，这是本机最快的后端。</translation>
    </message>
    <message>
        <source>Running on %1 with Vulkan: no CUDA device was found.</source>
        <translation>通过 Vulkan 在 %1 上运行：未找到 CUDA 设备。</translation>
    </message>
    <message>
        <source>Running on the %1 backend.</source>
        <translation>在 %1 后端上运行。</translation>
    </message>
</context>
<context>
    <name>siliang::app::ModelListModel</name>
    <message>
        <source>%1 context</source>
        <translation>%1 上下文</translation>
    </message>
    <message>
        <source>%1 cannot be imported while another model is being imported.</source>
        <translation>正在导入另一个模型，暂时无法导入 %1。</translation>
    </message>
    <message>
        <source>%1: no such file.</source>
        <translation>%1：文件不存在。</translation>
    </message>
    <message>
        <source>%1 could not be opened: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <source>%1 could not be created: %2</source>
        <translation>无法创建 %1：%2</translation>
    </message>
    <message>
        <source>Copying %1 into %2 failed: %3 (is the disk full?)</source>
        <translation>将 %1 复制到 %2 失败：%3（磁盘是否已满？）</translation>
    </message>
</context>
<context>
    <name>siliang::app::AttachmentListModel</name>
    <message>
        <source>%1: no such file.</source>
        <translation>%1：文件不存在。</translation>
    </message>
    <message>
        <source>%1: not a document Siliang can read (try PDF, Word, Markdown, HTML, CSV or plain text).</source>
        <translation>%1：不是四两能读取的文档（请使用 PDF、Word、Markdown、HTML、CSV 或纯文本）。</translation>
    </message>
    <message>
        <source>%1 is too large (%2; the limit is %3).</source>
        <translation>%1 太大（%2，上限为 %3）。</translation>
    </message>
</context>
<context>
    <name>BranchSwitcher</name>
    <message>
        <location filename="../ui/BranchSwitcher.qml"/>
        <source>Previous answer</source>
        <translation>上一个回答</translation>
    </message>
    <message>
        <location filename="../ui/BranchSwitcher.qml"/>
        <source>Previous version of the message</source>
        <translation>消息的上一个版本</translation>
    </message>
    <message>
        <location filename="../ui/BranchSwitcher.qml"/>
        <source>Next answer</source>
        <translation>下一个回答</translation>
    </message>
    <message>
        <location filename="../ui/BranchSwitcher.qml"/>
        <source>Next version of the message</source>
        <translation>消息的下一个版本</translation>
    </message>
</context>
<context>
    <name>CodeBlock</name>
    <message>
        <location filename="../ui/CodeBlock.qml"/>
        <source>code</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../ui/CodeBlock.qml"/>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
    <message>
        <location filename="../ui/CodeBlock.qml"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../ui/CodeBlock.qml"/>
        <source>Copy the code</source>
        <translation>复制代码</translation>
    </message>
    <message>
        <location filename="../ui/CodeBlock.qml"/>
        <source>Code: %1</source>
        <translation>代码：%1</translation>
    </message>
</context>
<context>
    <name>MathBlock</name>
    <message>
        <location filename="../ui/MathBlock.qml"/>
        <source>Formula: %1</source>
        <translation>公式：%1</translation>
    </message>
</context>
<context>
    <name>MessageStats</name>
    <message>
        <location filename="../ui/MessageStats.qml"/>
        <source>%1 tokens</source>
        <translation>%1 个词元</translation>
    </message>
    <message>
        <location filename="../ui/MessageStats.qml"/>
        <source>%1 tok/s</source>
        <translation>%1 词元/秒</translation>
    </message>
    <message>
        <location filename="../ui/MessageStats.qml"/>
        <source>first token %1%2 s</source>
        <translation>首个词元 %1%2 秒</translation>
    </message>
    <message>
        <location filename="../ui/MessageStats.qml"/>
        <source>thought %1 s</source>
        <translation>思考 %1 秒</translation>
    </message>
    <message>
        <location filename="../ui/MessageStats.qml"/>
        <source>Statistics: %1</source>
        <translation>统计：%1</translation>
    </message>
</context>
<context>
    <name>GenerationForm</name>
    <message>
        <location filename="../ui/GenerationForm.qml" line="28"/>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <location filename="../ui/GenerationForm.qml" line="29"/>
        <source>Higher is more varied, 0 always picks the likeliest word.</source>
        <translation>越高越多样，0 总是选择最可能的词。</translation>
    </message>
    <message>
        <location filename="../ui/GenerationForm.qml" line="41"/>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <location filename="../ui/GenerationForm.qml" line="42"/>
        <source>Sample from the k likeliest tokens; 0 turns it off.</source>
        <translation>从最可能的 k 个词元中采样；0 表示关闭。</translation>
    </message>
    <message>
        <location filename="../ui/GenerationForm.qml" line="56"/>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <location filename="../ui/GenerationForm.qml" line="57"/>
        <source>Keep the likeliest tokens that add up to this probability; 1 turns it off.</source>
        <translation>保留累计概率达到该值的最可能词元；1 表示关闭。</translation>
    </message>
    <message>
        <location filename="../ui/GenerationForm.qml" line="69"/>
        <source>Min-p</source>
        <translation>Min-p</translation>
    </message>
    <message>
        <location filename="../ui/GenerationForm.qml" line="70"/>
        <source>Drop tokens less likely than this share of the likeliest one; 0 turns it off.</source>
        <translation>舍弃概率低于最可能词元该比例的词元；0 表示关闭。</translation>
    </message>
    <message>
        <location filename="../ui/GenerationForm.qml" line="82"/>
        <source>Repeat penalty</source>
        <translation>重复惩罚</translation>
    </message>
    <message>
        <location filename="../ui/GenerationForm.qml" line="83"/>
        <source>Above 1 discourages repeating recent tokens.</source>
        <translation>大于 1 时抑制重复最近出现的词元。</translation>
    </message>
    <message>
        <location filename="../ui/GenerationForm.qml" line="95"/>
        <source>Max tokens</source>
        <translation>最大词元数</translation>
    </message>
    <message>
        <location filename="../ui/GenerationForm.qml" line="96"/>
        <source>Longest answer, in tokens.</source>
        <translation>回答的最大长度（词元数）。</translation>
    </message>
    <message>
        <location filename="../ui/GenerationForm.qml" line="102"/>
        <source>Limit</source>
        <translation>限制</translation>
    </message>
    <message>
        <location filename="../ui/GenerationForm.qml" line="104"/>
        <source>Limit the answer length</source>
        <translation>限制回答长度</translation>
    </message>
    <message>
        <location filename="../ui/GenerationForm.qml" line="119"/>
        <source>Context size</source>
        <translation>上下文长度</translation>
    </message>
    <message>
        <location filename="../ui/GenerationForm.qml" line="120"/>
        <source>Tokens of conversation the model sees, up to %1 for this model.</source>
        <translation>模型可见的对话词元数，此模型最多 %1。</translation>
    </message>
    <message>
        <location filename="../ui/GenerationForm.qml" line="134"/>
        <source>Show reasoning</source>
        <translation>显示推理过程</translation>
    </message>
    <message>
        <location filename="../ui/GenerationForm.qml" line="135"/>
        <source>Show a thinking model&apos;s reasoning above its answer.</source>
        <translation>在回答上方显示思考型模型的推理过程。</translation>
    </message>
    <message>
        <location filename="../ui/GenerationForm.qml" line="146"/>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <location filename="../ui/GenerationForm.qml" line="147"/>
        <source>Instructions sent before the conversation.</source>
        <translation>在对话之前发送的指令。</translation>
    </message>
    <message>
        <location filename="../ui/GenerationForm.qml" line="166"/>
        <source>For example: You are a concise assistant. Answer in English.</source>
        <translation>例如：你是一个简洁的助手，请用中文回答。</translation>
    </message>
</context>
<context>
    <name>SettingRow</name>
    <message>
        <location filename="../ui/SettingRow.qml" line="51"/>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <location filename="../ui/SettingRow.qml" line="54"/>
        <source>Reset %1 to the default</source>
        <translation>将%1恢复为默认值</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../ui/SettingsPage.qml" line="51"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.qml" line="61"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.qml" line="62"/>
        <source>Close the settings</source>
        <translation>关闭设置</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.qml" line="64"/>
        <source>Back to the chat (Esc)</source>
        <translation>返回聊天（Esc）</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.qml" line="89"/>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.qml" line="91"/>
        <source>Dismiss the settings message</source>
        <translation>关闭设置提示</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.qml" line="99"/>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.qml" line="102"/>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.qml" line="109"/>
        <source>Follow system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.qml" line="110"/>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.qml" line="111"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.qml" line="119"/>
        <source>Font size</source>
        <translation>字号</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.qml" line="120"/>
        <source>Text size in pixels; the default is 14.</source>
        <translation>文字大小（像素），默认为 14。</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.qml" line="131"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.qml" line="152"/>
        <source>Model &amp; device</source>
        <translation>模型与设备</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.qml" line="153"/>
        <source>The device and the number of threads apply when a model is loaded.</source>
        <translation>设备和线程数在加载模型时生效。</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.qml" line="156"/>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.qml" line="175"/>
        <source>Threads</source>
        <translation>线程数</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.qml" line="176"/>
        <source>CPU threads used for computing; this computer has %1.</source>
        <translation>用于计算的 CPU 线程数；这台电脑有 %1 个。</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.qml" line="183"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.qml" line="191"/>
        <source>The loaded model still uses the previous device or threads.</source>
        <translation>已加载的模型仍在使用之前的设备或线程数。</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.qml" line="193"/>
        <source>Reload model</source>
        <translation>重新加载模型</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.qml" line="194"/>
        <source>Reload the model with the new device and threads</source>
        <translation>用新的设备和线程数重新加载模型</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.qml" line="199"/>
        <source>Models folder</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.qml" line="202"/>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.qml" line="203"/>
        <source>Open the models folder</source>
        <translation>打开模型文件夹</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.qml" line="211"/>
        <source>Generation defaults</source>
        <translation>默认生成设置</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.qml" line="212"/>
        <source>Used by every conversation that does not set its own.</source>
        <translation>未单独设置的对话都使用这些设置。</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.qml" line="217"/>
        <source>Default</source>
        <translation>默认</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.qml" line="224"/>
        <source>This conversation</source>
        <translation>当前对话</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.qml" line="226"/>
        <source>Changes here apply to “%1” only; marked rows differ from the defaults.</source>
        <translation>此处的更改仅适用于“%1”；带标记的行与默认值不同。</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.qml" line="227"/>
        <source>Changes here apply to the new chat once you send its first message.</source>
        <translation>此处的更改将在你发送第一条消息后应用于新对话。</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.qml" line="243"/>
        <source>Reset to defaults</source>
        <translation>恢复默认</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.qml" line="244"/>
        <source>Reset this conversation to the default settings</source>
        <translation>将当前对话恢复为默认设置</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.qml" line="252"/>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.qml" line="253"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.qml"/>
        <source>Change…</source>
        <translation>更改…</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.qml"/>
        <source>Choose another models folder</source>
        <translation>选择其他模型文件夹</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.qml"/>
        <source>Choose the models folder</source>
        <translation>选择模型文件夹</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.qml"/>
        <source>Use another models folder</source>
        <translation>使用其他模型文件夹</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.qml"/>
        <source>Type the full path of an existing folder and press Enter.</source>
        <translation>输入一个已有文件夹的完整路径，然后按回车。</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.qml"/>
        <source>Folder path</source>
        <translation>文件夹路径</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.qml"/>
        <source>New models folder path</source>
        <translation>新的模型文件夹路径</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.qml"/>
        <source>Use</source>
        <translation>使用</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.qml"/>
        <source>Use the typed folder for models</source>
        <translation>将输入的文件夹用于存放模型</translation>
    </message>
</context>
<context>
    <name>siliang::app::SettingsController</name>
    <message>
        <location filename="../app/chat/settingscontroller.cpp" line="87"/>
        <source>The settings could not be saved to %1.</source>
        <translation>无法将设置保存到 %1。</translation>
    </message>
    <message>
        <location filename="../app/chat/settingscontroller.cpp" line="102"/>
        <source>Unknown theme “%1”.</source>
        <translation>未知主题“%1”。</translation>
    </message>
    <message>
        <location filename="../app/chat/settingscontroller.cpp" line="114"/>
        <source>The font size must be between %1 and %2; it is now %3.</source>
        <translation>字号必须在 %1 到 %2 之间，已设为 %3。</translation>
    </message>
    <message>
        <location filename="../app/chat/settingscontroller.cpp" line="126"/>
        <source>Unknown language “%1”.</source>
        <translation>未知语言“%1”。</translation>
    </message>
    <message>
        <location filename="../app/chat/settingscontroller.cpp" line="160"/>
        <source>Unknown device “%1”; available: %2.</source>
        <translation>未知设备“%1”；可用：%2。</translation>
    </message>
    <message>
        <location filename="../app/chat/settingscontroller.cpp" line="187"/>
        <source>Threads must be between 0 (all) and %1; it is now %2.</source>
        <translation>线程数必须在 0（全部）到 %1 之间，已设为 %2。</translation>
    </message>
    <message>
        <location filename="../app/chat/settingscontroller_generation.cpp" line="93"/>
        <source>This conversation no longer exists.</source>
        <translation>此对话已不存在。</translation>
    </message>
    <message>
        <location filename="../app/chat/settingscontroller_generation.cpp" line="103"/>
        <source>The conversation settings could not be saved: %1</source>
        <translation>无法保存对话设置：%1</translation>
    </message>
    <message>
        <location filename="../app/chat/settingscontroller_folders.cpp"/>
        <source>Choose a folder for your models.</source>
        <translation>请为模型选择一个文件夹。</translation>
    </message>
    <message>
        <location filename="../app/chat/settingscontroller_folders.cpp"/>
        <source>%1 does not exist.</source>
        <translation>%1 不存在。</translation>
    </message>
    <message>
        <location filename="../app/chat/settingscontroller_folders.cpp"/>
        <source>%1 is not a folder.</source>
        <translation>%1 不是文件夹。</translation>
    </message>
    <message>
        <location filename="../app/chat/settingscontroller_folders.cpp"/>
        <source>%1 cannot be written to (imported models are copied there).</source>
        <translation>%1 无法写入（导入的模型会复制到那里）。</translation>
    </message>
</context>
<context>
    <name>GenerationSettings</name>
    <message>
        <location filename="../app/chat/generationsettings.cpp" line="14"/>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <location filename="../app/chat/generationsettings.cpp" line="16"/>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <location filename="../app/chat/generationsettings.cpp" line="18"/>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <location filename="../app/chat/generationsettings.cpp" line="20"/>
        <source>Min-p</source>
        <translation>Min-p</translation>
    </message>
    <message>
        <location filename="../app/chat/generationsettings.cpp" line="22"/>
        <source>Repeat penalty</source>
        <translation>重复惩罚</translation>
    </message>
    <message>
        <location filename="../app/chat/generationsettings.cpp" line="24"/>
        <source>Max tokens</source>
        <translation>最大词元数</translation>
    </message>
    <message>
        <location filename="../app/chat/generationsettings.cpp" line="26"/>
        <source>Context size</source>
        <translation>上下文长度</translation>
    </message>
    <message>
        <location filename="../app/chat/generationsettings.cpp" line="28"/>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <location filename="../app/chat/generationsettings.cpp" line="29"/>
        <source>Show reasoning</source>
        <translation>显示推理过程</translation>
    </message>
    <message>
        <location filename="../app/chat/generationsettings.cpp" line="60"/>
        <source>%1 must be between %2 and %3; it is now %4.</source>
        <translation>%1 必须在 %2 到 %3 之间，已设为 %4。</translation>
    </message>
    <message>
        <location filename="../app/chat/generationsettings.cpp" line="126"/>
        <source>Unknown setting “%1”.</source>
        <translation>未知设置“%1”。</translation>
    </message>
    <message>
        <location filename="../app/chat/generationsettings.cpp" line="130"/>
        <source>%1 must be text.</source>
        <translation>%1 必须是文本。</translation>
    </message>
    <message>
        <location filename="../app/chat/generationsettings.cpp" line="145"/>
        <source>%1 must be on or off.</source>
        <translation>%1 必须是开或关。</translation>
    </message>
    <message>
        <location filename="../app/chat/generationsettings.cpp" line="154"/>
        <source>%1 must be a number.</source>
        <translation>%1 必须是数字。</translation>
    </message>
    <message>
        <location filename="../app/chat/generationsettings.cpp" line="178"/>
        <source>%1 must be -1 (no limit) or at least 1; it is now %2.</source>
        <translation>%1 必须为 -1（不限制）或至少为 1，已设为 %2。</translation>
    </message>
</context>
</TS>
