// The allocator's configuration for marsad's executables (the CLI and the
// benchmarks; the libraries use whatever malloc their program links).
//
// They link jemalloc (Debian's libjemalloc) instead of glibc's malloc and ask it
// for transparent huge pages: the analysis reads tables of tens of MB (the
// knowledge base's maps, the gazetteer, the NER tagger's rows and word cache) at
// random, so with 4 KiB pages nearly every look-up also misses the TLB, and
// under virtualisation each miss walks two page tables. On 1,314 SaudiNewsNet
// articles, one thread, this cut user time by about 15 % on top of the NER
// tables' own huge pages (base/huge_pages.h), for about 20 MB more peak memory.
// Where the kernel has no THP the advice is ignored.
//
// Freed memory is kept for reuse instead of being returned to the kernel after
// jemalloc's usual 10 s decay: a returned huge page costs a fault and 2 MB of
// zeroing when it is used again, which took 11 % of an ingest's samples; with
// no decay, 3 days of SaudiNewsNet ingest in 5.46-6.34 s user instead of
// 5.82-7.07 s, sys 0.3 s instead of 0.75-1.1 s, peak +30 MB. The process
// holds its peak, as a pool would.
extern "C" {
// Read by jemalloc when it initialises (jemalloc(3), "malloc_conf").
const char* malloc_conf = "thp:always,metadata_thp:always,dirty_decay_ms:-1,muzzy_decay_ms:-1";
}
