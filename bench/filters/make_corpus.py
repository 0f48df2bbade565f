#!/usr/bin/python3
"""Writes the filter benchmark corpora: English (prose and web pages from tests/conformance/gen_docs.py) and
Chinese (sentences of common characters with Chinese punctuation), about MB megabytes each.
Usage: make_corpus.py OUT_DIR [MB]"""
import json
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../tests/conformance"))
import gen_docs  # noqa: E402

COMMON = ("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而"
          "方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应"
          "开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此")


def chinese_doc(rng):
    paras = []
    for _ in range(rng.randint(2, 8)):
        sents = []
        for _ in range(rng.randint(2, 6)):
            s = "".join(rng.choice(COMMON) for _ in range(rng.randint(8, 30)))
            if rng.random() < 0.5:
                cut = rng.randint(2, len(s) - 2)
                s = s[:cut] + "，" + s[cut:]
            sents.append(s + rng.choice("。。。！？"))
        paras.append("".join(sents))
    return "\n".join(paras)


def main():
    out_dir = sys.argv[1]
    mb = float(sys.argv[2]) if len(sys.argv) > 2 else 20
    os.makedirs(out_dir, exist_ok=True)
    rng = random.Random(7)
    for name, make in (("english", lambda: rng.choice([gen_docs.prose, gen_docs.web_page])(rng)),
                       ("chinese", lambda: chinese_doc(rng))):
        size = 0
        with open(os.path.join(out_dir, name + ".jsonl"), "w", encoding="utf-8") as f:
            while size < mb * 1e6:
                text = make()
                size += len(text.encode())
                f.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
