import json
import os
import tempfile
import unittest

from training.tokenizer import BOS, EOS, PAD, UNK, WordPieceTokenizer, build_vocab, pre_tokenize


class TokenizerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tok = WordPieceTokenizer(build_vocab(["a photo of a {}.", "cat", "dog", "photograph"], ["a b"]), 8)

    def test_layout(self):
        it = self.tok.itos
        self.assertEqual((it[0], it[1], it[-2], it[-1]), (PAD, UNK, BOS, EOS))
        self.assertEqual(self.tok.eos_id, self.tok.vocab_size - 1)
        self.assertIn("##z", self.tok.vocab)
        self.assertIn("z", self.tok.vocab)

    def test_pre_tokenizer_splits_punctuation(self):
        self.assertEqual(pre_tokenize("a photo, of a cat!!"), ["a", "photo", ",", "of", "a", "cat", "!", "!"])

    def test_encode_words_pieces_unknown(self):
        v = self.tok.vocab
        self.assertEqual(self.tok.encode_raw("A Photo of a CAT."),
                         [self.tok.bos_id, v["a"], v["photo"], v["of"], v["a"], v["cat"], v["."], self.tok.eos_id])
        ids = self.tok.encode_raw("cats")  # greedy longest match: cat + ##s
        self.assertEqual(ids[1:-1], [v["cat"], v["##s"]])
        self.assertEqual(self.tok.encode_raw("photographs")[1:-1], [v["photograph"], v["##s"]])
        self.assertEqual(self.tok.encode_raw("猫")[1:-1], [self.tok.unk_id])
        self.assertEqual(self.tok.encode_raw("café")[1:-1], [v["c"], v["##a"], v["##f"], v["##e"]])  # accents stripped
        self.assertEqual(self.tok.encode_raw("x" * 101)[1:-1], [self.tok.unk_id])

    def test_padding_and_truncation(self):
        ids = self.tok.encode("a cat")
        self.assertEqual(len(ids), 8)
        self.assertEqual(ids[4:], [0, 0, 0, 0])
        long = self.tok.encode("a photo of a cat a photo of a dog")
        self.assertEqual(len(long), 8)
        self.assertEqual(long[-1], self.tok.eos_id)
        self.assertEqual(long[:7], self.tok.encode_raw("a photo of a cat a photo of a dog")[:7])
        self.assertEqual(max(long), self.tok.eos_id)  # argmax pooling finds EOS

    def test_hf_json_round_trip(self):
        d = self.tok.to_hf_json()
        self.assertEqual(d["model"]["type"], "WordPiece")
        self.assertEqual(d["model"]["continuing_subword_prefix"], "##")
        self.assertEqual(d["pre_tokenizer"]["type"], "BertPreTokenizer")
        self.assertEqual(d["post_processor"]["special_tokens"][EOS]["ids"], [self.tok.vocab_size - 1])
        with tempfile.TemporaryDirectory() as t:
            p = os.path.join(t, "tokenizer.json")
            self.tok.save(p)
            t2 = WordPieceTokenizer.load(p, 8)
            self.assertEqual(t2.itos, self.tok.itos)
            with open(p) as f:
                json.load(f)


if __name__ == "__main__":
    unittest.main()
