using System.Globalization;
using Asphalt.Gateway.Discord;
using Asphalt.Gateway.Discord.Models;
using Asphalt.Gateway.Discord.Rest;

namespace Asphalt.Gateway.Commands;

/// <summary>
/// One invocation: who, where, the parsed options, and the ways to answer. Answering is safe
/// whatever happened before: <see cref="RespondAsync"/> sends the first response, or edits the
/// deferred one, or (after a response) posts a follow-up.
/// </summary>
public sealed class CommandContext
{
    private readonly DiscordRestClient _rest;
    private readonly SemaphoreSlim _answerLock = new(1, 1);
    private readonly TimeProvider _time;
    private volatile ResponseState _state = ResponseState.None;
    private long _firstResponseAt;

    internal CommandContext(Interaction interaction, int shardId, CommandOptions options, DiscordRestClient rest, TimeProvider time, CancellationToken cancellationToken)
    {
        Interaction = interaction;
        ShardId = shardId;
        Options = options;
        _rest = rest;
        _time = time;
        CancellationToken = cancellationToken;
        UserId = long.TryParse(interaction.Invoker?.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var user) ? user : 0;
        GuildId = long.TryParse(interaction.GuildId, NumberStyles.None, CultureInfo.InvariantCulture, out var guild) ? guild : null;
    }

    public Interaction Interaction { get; }
    public int ShardId { get; }
    public long UserId { get; }
    public long? GuildId { get; }
    public CommandOptions Options { get; }
    public CancellationToken CancellationToken { get; }

    /// <summary>The invoking member's computed permissions in the channel (null in a DM or when Discord did not send them).</summary>
    public ulong? MemberPermissions =>
        ulong.TryParse(Interaction.Member?.Permissions, NumberStyles.None, CultureInfo.InvariantCulture, out var bits) ? bits : null;

    /// <summary>The user a USER option names, from the interaction's resolved data; null when Discord did not resolve it.</summary>
    public DiscordUser? ResolvedUser(long userId) =>
        Interaction.Data?.Resolved?.Users?.GetValueOrDefault(userId.ToString(CultureInfo.InvariantCulture));

    public bool HasAnswered => _state != ResponseState.None;
    public bool IsDeferred => _state == ResponseState.Deferred;

    /// <summary>TimeProvider timestamp of the first callback that Discord accepted; 0 before.</summary>
    internal long FirstResponseAt => Interlocked.Read(ref _firstResponseAt);

    /// <summary>Answers with a message: the first response, the edit of a deferred one, or a follow-up.</summary>
    public Task RespondAsync(string content, bool ephemeral = false) => RespondAsync(content, null, ephemeral);

    /// <summary>Answers with text and/or embeds: the first response, the edit of a deferred one, or a follow-up.</summary>
    public async Task RespondAsync(string? content, IReadOnlyList<DiscordEmbed>? embeds, bool ephemeral = false)
    {
        await _answerLock.WaitAsync(CancellationToken);
        try
        {
            var flags = ephemeral ? DiscordLimits.EphemeralFlag : (int?)null;
            switch (_state)
            {
                case ResponseState.None:
                    await CallbackAsync(new InteractionResponse(InteractionCallbackType.ChannelMessageWithSource, new InteractionCallbackData(content, flags, Embeds: embeds)));
                    _state = ResponseState.Responded;
                    break;
                case ResponseState.Deferred:
                    await _rest.EditOriginalResponseAsync(Interaction.ApplicationId, Interaction.Token, new WebhookMessage(content, Embeds: embeds), CancellationToken);
                    _state = ResponseState.Responded;
                    break;
                default:
                    await _rest.CreateFollowupAsync(Interaction.ApplicationId, Interaction.Token, new WebhookMessage(content, flags, embeds), CancellationToken);
                    break;
            }
        }
        finally
        {
            _answerLock.Release();
        }
    }

    /// <summary>Acknowledges now (type 5, "thinking…") and answers later with <see cref="RespondAsync"/> or <see cref="EditResponseAsync"/>. No-op once answered.</summary>
    public async Task DeferAsync(bool ephemeral = false)
    {
        await _answerLock.WaitAsync(CancellationToken);
        try
        {
            if (_state != ResponseState.None) return;
            await CallbackAsync(new InteractionResponse(InteractionCallbackType.DeferredChannelMessageWithSource,
                ephemeral ? new InteractionCallbackData(Flags: DiscordLimits.EphemeralFlag) : null));
            _state = ResponseState.Deferred;
        }
        finally
        {
            _answerLock.Release();
        }
    }

    /// <summary>Edits the original response (PATCH …/messages/@original).</summary>
    public Task EditResponseAsync(string content) =>
        _rest.EditOriginalResponseAsync(Interaction.ApplicationId, Interaction.Token, new WebhookMessage(content), CancellationToken);

    public Task DeleteResponseAsync() => _rest.DeleteOriginalResponseAsync(Interaction.ApplicationId, Interaction.Token, CancellationToken);

    public Task FollowupAsync(string content, bool ephemeral = false) =>
        _rest.CreateFollowupAsync(Interaction.ApplicationId, Interaction.Token, new WebhookMessage(content, ephemeral ? DiscordLimits.EphemeralFlag : null), CancellationToken);

    /// <summary>Any other first response (6 deferred update, 7 update message, 8 autocomplete result).</summary>
    public async Task RespondRawAsync(InteractionResponse response)
    {
        await _answerLock.WaitAsync(CancellationToken);
        try
        {
            if (_state != ResponseState.None) throw new InvalidOperationException("The interaction was already answered.");
            await CallbackAsync(response);
            _state = response.Type is InteractionCallbackType.DeferredUpdateMessage ? ResponseState.Deferred : ResponseState.Responded;
        }
        finally
        {
            _answerLock.Release();
        }
    }

    private async Task CallbackAsync(InteractionResponse response)
    {
        await _rest.CreateInteractionResponseAsync(Interaction.Id, Interaction.Token, response, CancellationToken);
        Interlocked.CompareExchange(ref _firstResponseAt, _time.GetTimestamp(), 0);
    }

    private enum ResponseState { None, Deferred, Responded }
}
