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
        <location filename="../ui/MessageBubble.qml" line="122"/>
        <source>Previous answer</source>
        <translation>上一个回答</translation>
    </message>
    <message>
        <location filename="../ui/MessageBubble.qml" line="139"/>
        <source>Next answer</source>
        <translation>下一个回答</translation>
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
        <location filename="../ui/MessageBubble.qml" line="155"/>
        <source>%1 tokens · %2 tok/s</source>
        <translation>%1 个词元 · %2 词元/秒</translation>
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
        <location filename="../ui/ReasoningPanel.qml" line="66"/>
        <source>Reasoning</source>
        <translation>思考过程</translation>
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
        <location filename="../ui/Sidebar.qml" line="94"/>
        <source>Delete conversation %1</source>
        <translation>删除对话 %1</translation>
    </message>
    <message>
        <location filename="../ui/Sidebar.qml" line="96"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../ui/Sidebar.qml" line="109"/>
        <source>No conversations yet</source>
        <translation>还没有对话</translation>
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
</TS>
