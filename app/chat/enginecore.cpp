#include "enginecore.h"

#include <QFileInfo>
#include <algorithm>
#include <cmath>
#include <exception>
#include <filesystem>

#include "chat/json.h"
#include "chat/prompt_format.h"
#include "model/model.h"
#include "runtime/generator.h"
#include "runtime/session.h"

namespace siliang::app {

namespace {

// Room kept free for the answer when older turns must be dropped to fit the context.
constexpr size_t kAnswerReserve = 256;

QString stopReasonName(runtime::StopReason reason) {
    switch (reason) {
        case runtime::StopReason::EndOfGeneration: return QStringLiteral("end");
        case runtime::StopReason::StopString: return QStringLiteral("stop-string");
        case runtime::StopReason::MaxTokens: return QStringLiteral("max-tokens");
        case runtime::StopReason::ContextFull: return QStringLiteral("context-full");
        case runtime::StopReason::Cancelled: return QStringLiteral("cancelled");
    }
    return QStringLiteral("end");
}

size_t firstDroppable(const chat::Json& messages) {
    return messages.size() > 0 && messages[0]["role"].as_string() == "system" ? 1 : 0;
}

chat::Json withoutMessage(const chat::Json& messages, size_t index) {
    chat::Json out = chat::Json::array();
    for (size_t i = 0; i < messages.size(); ++i)
        if (i != index) out.push_back(messages[i]);
    return out;
}

}  // namespace

EngineCore::EngineCore(std::shared_ptr<std::atomic<bool>> cancel) : cancel_(std::move(cancel)) {}

EngineCore::~EngineCore() {
    unload();
}

void EngineCore::unload() {
    session_.reset();  // the session refers to the model: it goes first
    formatter_.reset();
    model_.reset();
}

void EngineCore::load(const QString& path, const QVariantMap& loadOptions) {
    unload();
    model::LoadOptions options;
    options.backend =
        loadOptions.value(QStringLiteral("device"), QStringLiteral("cpu")).toString().toStdString();
    options.threads = std::max(0, loadOptions.value(QStringLiteral("threads"), 0).toInt());
    int lastPercent = -1;
    options.progress = [this, &lastPercent](float progress) {
        const int percent = static_cast<int>(progress * 100.0f);
        if (percent != lastPercent) {
            lastPercent = percent;
            emit loadProgress(static_cast<double>(progress));
        }
        return !cancel_->load();
    };
    try {
        model_ = model::Model::load(std::filesystem::path(path.toStdString()), options);
        formatter_ = std::make_unique<chat::PromptFormatter>(model_->file(), model_->tokenizer());
        trainedContext_ = model_->config().context_length;
        // The session starts at the chosen context size; generate() resizes it when a
        // conversation asks for another.
        const int wanted = loadOptions.value(QStringLiteral("contextSize"), 4096).toInt();
        const uint32_t chosen = static_cast<uint32_t>(std::max(wanted, 256));
        context_ = trainedContext_ > 0 ? std::min(trainedContext_, chosen) : chosen;
        runtime::SessionOptions sessionOptions;
        sessionOptions.context = context_;
        session_ = std::make_unique<runtime::Session>(*model_, sessionOptions);
    } catch (const model::LoadCancelled&) {
        unload();
        emit loadFailed(tr("Loading %1 was cancelled.").arg(QFileInfo(path).fileName()));
        return;
    } catch (const std::exception& e) {
        unload();
        emit loadFailed(QString::fromStdString(e.what()));
        return;
    }
    QVariantMap info;
    QString name;
    if (auto general = model_->file().get_string("general.name"))
        name = QString::fromUtf8(general->data(), static_cast<qsizetype>(general->size()));
    if (name.isEmpty()) name = QFileInfo(path).completeBaseName();
    info.insert(QStringLiteral("name"), name);
    info.insert(QStringLiteral("architecture"), QString::fromStdString(model_->config().arch_name));
    info.insert(QStringLiteral("path"), path);
    info.insert(QStringLiteral("contextLength"), static_cast<int>(context_));
    info.insert(QStringLiteral("trainedContext"), static_cast<int>(trainedContext_));
    info.insert(QStringLiteral("device"), QString::fromStdString(options.backend));
    info.insert(QStringLiteral("threads"), options.threads);
    emit loaded(info);
}

void EngineCore::resizeContext(uint32_t wanted) {
    const uint32_t context =
        std::max<uint32_t>(trainedContext_ > 0 ? std::min(wanted, trainedContext_) : wanted, 256);
    if (!session_ || session_->context() == context) return;
    const auto previous = static_cast<uint32_t>(session_->context());
    // The old cache goes first: two at once may not fit in memory.
    session_.reset();
    runtime::SessionOptions sessionOptions;
    sessionOptions.context = context;
    try {
        session_ = std::make_unique<runtime::Session>(*model_, sessionOptions);
        context_ = context;
    } catch (...) {
        sessionOptions.context = previous;
        session_ = std::make_unique<runtime::Session>(*model_, sessionOptions);
        throw;
    }
}

void EngineCore::generate(const QString& messagesJson, const QVariantMap& settings) {
    if (!session_) {
        emit failed(tr("No model is loaded."));
        return;
    }
    try {
        const int wantedContext = settings.value(QStringLiteral("contextSize"), 0).toInt();
        if (wantedContext > 0) resizeContext(static_cast<uint32_t>(wantedContext));
        chat::Json messages = chat::Json::parse(messagesJson.toStdString());
        const QString systemPrompt = settings.value(QStringLiteral("systemPrompt")).toString();
        if (!systemPrompt.isEmpty() &&
            (messages.size() == 0 || messages[0]["role"].as_string() != "system")) {
            chat::Json withSystem = chat::Json::array({chat::Json::object(
                {{"role", "system"}, {"content", systemPrompt.toStdString()}})});
            for (size_t i = 0; i < messages.size(); ++i) withSystem.push_back(messages[i]);
            messages = std::move(withSystem);
        }
        chat::RenderOptions render;
        render.messages = messages;
        chat::FormattedPrompt prompt = formatter_->format(render);
        // Context full: drop the oldest turns (never the system prompt) until the prompt fits.
        while (prompt.tokens.size() + kAnswerReserve > session_->context() &&
               messages.size() > firstDroppable(messages) + 1) {
            messages = withoutMessage(messages, firstDroppable(messages));
            render.messages = messages;
            prompt = formatter_->format(render);
        }
        if (prompt.tokens.size() >= session_->context()) {
            emit failed(tr("The message does not fit in the model's context of %1 tokens.")
                            .arg(session_->context()));
            return;
        }
        runtime::GenerateOptions options;
        options.max_tokens = settings.value(QStringLiteral("maxTokens"), -1).toInt();
        options.sampler.temperature = settings.value(QStringLiteral("temperature"), 0.8).toFloat();
        options.sampler.seed = settings.value(QStringLiteral("seed"), 0).toULongLong();
        // Absent keys keep the engine's defaults (runtime::SamplerSettings).
        if (settings.contains(QStringLiteral("topK")))
            options.sampler.top_k = settings.value(QStringLiteral("topK")).toInt();
        if (settings.contains(QStringLiteral("topP")))
            options.sampler.top_p = settings.value(QStringLiteral("topP")).toFloat();
        if (settings.contains(QStringLiteral("minP")))
            options.sampler.min_p = settings.value(QStringLiteral("minP")).toFloat();
        if (settings.contains(QStringLiteral("repeatPenalty")))
            options.sampler.repeat_penalty =
                settings.value(QStringLiteral("repeatPenalty")).toFloat();
        options.reasoning = prompt.reasoning;
        options.cancel = cancel_.get();
        runtime::GenerationStats stats =
            runtime::generate(*session_, model_->tokenizer(), prompt.tokens, options,
                              [this](const runtime::GenerationEvent& event) {
                                  if (event.text.empty()) return;
                                  const QString text = QString::fromStdString(event.text);
                                  if (event.kind == chat::StreamKind::Reasoning)
                                      emit reasoningDelta(text);
                                  else
                                      emit answerDelta(text);
                              });
        QVariantMap out;
        out.insert(QStringLiteral("promptTokens"), static_cast<int>(stats.prompt_tokens));
        out.insert(QStringLiteral("promptEvaluated"), static_cast<int>(stats.prompt_evaluated));
        out.insert(QStringLiteral("completionTokens"), static_cast<int>(stats.generated_tokens));
        out.insert(QStringLiteral("promptMs"), stats.prompt_ms);
        out.insert(QStringLiteral("generationMs"), stats.generation_ms);
        out.insert(QStringLiteral("firstTokenMs"), stats.first_token_ms);
        out.insert(QStringLiteral("reasoningMs"), stats.reasoning_ms);
        const double promptRate = stats.prompt_tokens_per_second();
        const double genRate = stats.generation_tokens_per_second();
        out.insert(QStringLiteral("promptTokensPerSecond"),
                   std::isfinite(promptRate) ? promptRate : 0.0);
        out.insert(QStringLiteral("generationTokensPerSecond"),
                   std::isfinite(genRate) ? genRate : 0.0);
        out.insert(QStringLiteral("stopReason"), stopReasonName(stats.stop_reason));
        emit finished(out);
    } catch (const runtime::Cancelled&) {
        // Stopped during the prompt: nothing was generated.
        QVariantMap out;
        out.insert(QStringLiteral("stopReason"), stopReasonName(runtime::StopReason::Cancelled));
        emit finished(out);
    } catch (const std::exception& e) {
        emit failed(QString::fromStdString(e.what()));
    }
}

}  // namespace siliang::app
