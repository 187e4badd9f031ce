using System.Buffers;
using System.IO.Pipelines;

namespace Cortex.ServiceDefaults.Input.Rejections;

/// <summary>
/// The connection's output as Kestrel sees it. Each flushed segment's first bytes are staged so
/// that an empty, closing error head (<see cref="RejectedResponse"/>) can be held back; it is sent
/// unchanged if anything follows it, or with a ProblemDetails body when the connection ends (which
/// it does: the head says <c>Connection: close</c>). Anything else passes through: a segment larger
/// than the stage goes straight to the transport, and after a 101 or a first segment that is not
/// HTTP/1.1 text (HTTP/2, TLS) the writer steps aside for the life of the connection.
/// </summary>
internal sealed class RejectionCompletingWriter(PipeWriter inner) : PipeWriter
{
    private const int StageBytes = 1024;
    private readonly ArrayBufferWriter<byte> _stage = new(StageBytes);
    private byte[]? _held;
    private int _heldStart;
    private int _heldStatus;
    private bool _direct;
    private bool _firstSeen;
    private bool _stepAside;

    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => inner.UnflushedBytes + _stage.WrittenCount;

    public override Span<byte> GetSpan(int sizeHint = 0) => Staging(sizeHint) ? _stage.GetSpan(sizeHint) : inner.GetSpan(sizeHint);

    public override Memory<byte> GetMemory(int sizeHint = 0) => Staging(sizeHint) ? _stage.GetMemory(sizeHint) : inner.GetMemory(sizeHint);

    public override void Advance(int bytes)
    {
        if (_stepAside || _direct)
        {
            inner.Advance(bytes);
        }
        else
        {
            _stage.Advance(bytes);
        }
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        if (!_stepAside && !_direct && _stage.WrittenCount > 0)
        {
            var segment = _stage.WrittenSpan;
            if (RejectedResponse.EmptyClosingError(segment) is var (start, status))
            {
                _held = segment.ToArray();
                _heldStart = start;
                _heldStatus = status;
            }
            else
            {
                _stepAside = (!_firstSeen && !RejectedResponse.StartsAsHttp1(segment)) || RejectedResponse.SwitchesProtocols(segment);
                _firstSeen = true;
                inner.Write(segment);
            }

            _stage.ResetWrittenCount();
        }

        _direct = false;
        return inner.FlushAsync(cancellationToken);
    }

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null)
    {
        WriteHeld(rejected: exception is null);
        inner.Complete(exception);
    }

    public override async ValueTask CompleteAsync(Exception? exception = null)
    {
        WriteHeld(rejected: exception is null);
        await inner.CompleteAsync(exception);
    }

    /// <summary>The connection has ended: a held head was Kestrel's last word, so it gets its body.</summary>
    public async Task ReleaseHeldAsync()
    {
        if (_held is not null)
        {
            WriteHeld(rejected: true);
            await inner.FlushAsync();
        }
    }

    private bool Staging(int sizeHint)
    {
        if (_stepAside || _direct)
        {
            return false;
        }

        WriteHeld(rejected: false);
        if (_stage.WrittenCount + Math.Max(sizeHint, 1) <= StageBytes)
        {
            return true;
        }

        // Too big to be an empty head: this segment goes straight through.
        inner.Write(_stage.WrittenSpan);
        _stage.ResetWrittenCount();
        _direct = true;
        return false;
    }

    private void WriteHeld(bool rejected)
    {
        if (_held is null)
        {
            return;
        }

        inner.Write(rejected ? RejectedResponse.WithProblemBody(_held, _heldStart, _heldStatus) : _held);
        _held = null;
    }
}
