#!/usr/bin/env python3
"""Independent transcription of the sampler's definition (engine/runtime/sampler.h).

Prints the seed-42 golden sequences that test_sampler.cpp's goldenSequenceSeed42
freezes. It shares no code with the C++: float32 steps are rounded explicitly,
det_exp, xoshiro256** and the chain are re-derived from their descriptions. If
the C++ and this script ever disagree, one of them no longer follows the
definition. Run: python3 tests/engine/runtime/sampler_reference.py
"""
import struct, math
from decimal import Decimal, getcontext
getcontext().prec = 60
def f32(x): return struct.unpack('f', struct.pack('f', x))[0]
T = [float(Decimal(2) ** (Decimal(j)/Decimal(32))) for j in range(32)]
def det_exp(x):
    if not (x >= -745.0): return 0.0
    if x > 0: x = 0.0
    INV=1.44269504088896338700e+00; HI=6.93147180369123816490e-01; LO=1.90821492927058770002e-10
    k = -int(-x*(INV*32.0)+0.5)
    kd = float(k); r = (x - kd*(HI/32.0)) - kd*(LO/32.0)
    c2,c3,c4,c5,c6 = 1/2,1/6,1/24,1/120,1/720
    p = 1.0 + r*(1.0 + r*(c2 + r*(c3 + r*(c4 + r*(c5 + r*c6)))))
    j = k & 31; m = (k-j)//32
    t = T[j]*p
    return math.ldexp(t, m)
M=(1<<64)-1
class Rng:
    def __init__(s, seed):
        x=seed; s.s=[]
        for i in range(4):
            x=(x+0x9e3779b97f4a7c15)&M; z=x
            z=((z^(z>>30))*0xbf58476d1ce4e5b9)&M; z=((z^(z>>27))*0x94d049bb133111eb)&M
            s.s.append(z^(z>>31))
    def next(s):
        S=s.s; rotl=lambda x,k: ((x<<k)|(x>>(64-k)))&M
        r=(rotl((S[1]*5)&M,7)*9)&M; t=(S[1]<<17)&M
        S[2]^=S[0]; S[3]^=S[1]; S[1]^=S[2]; S[0]^=S[3]; S[2]^=t; S[3]=rotl(S[3],45)
        return r
    def next_double(s): return (s.next()>>11)*2.0**-53
def run(top_k):
    V=48; temp=f32(0.8); top_p=f32(0.95); min_p=f32(0.05); rp=f32(1.1); pres=f32(0.2); freq=f32(0.1)
    rng=Rng(42); counts={}; out=[]
    key=lambda c: (-c[0], c[1])
    for step in range(40):
        u = rng.next_double()
        logits=[f32(float((i*7+step*13)%17)*0.25-2.0) for i in range(V)]
        for i,c in counts.items():
            l=logits[i]; l = f32(l/rp) if l>0 else f32(l*rp)
            pen=f32(f32(float(c)*freq)+pres); logits[i]=f32(l-pen)
        cands=[(logits[i], i) for i in range(V)]
        if 0 < top_k < V:
            cands=sorted(cands,key=key)[:top_k]
        best=min(cands,key=key); mx=best[0]
        w={c[1]: det_exp(c[0]-mx) for c in cands}
        total=0.0
        for c in cands: total+=w[c[1]]
        cands=[c for c in cands if w[c[1]] >= min(min_p,1.0)]
        cands=sorted(cands,key=key)
        target=top_p*total; cum=0.0
        for n,c in enumerate(cands):
            cum+=w[c[1]]
            if cum>=target: cands=cands[:n+1]; break
        ws=[det_exp((c[0]-mx)/temp) for c in cands]
        s=0.0
        for x in ws: s+=x
        tg=u*s; cum=0.0; pick=None
        for c,x in zip(cands,ws):
            if x<=0: continue
            cum+=x; pick=c[1]
            if tg<cum: break
        out.append(pick); counts[pick]=counts.get(pick,0)+1
    return out
print(run(8)); print(run(0))
