"""Everyday captions of the CIFAR-10 classes, written by hand for AlignScope (not taken from any dataset).

The text tower learns template captions ("a photo of a dog."); people write "my dog asleep on the sofa". These
sentences pair with CIFAR-10 validation photos of their class so the bundle's calibration can say how often the
caption check raises a false alarm on ordinary, correct captions (calibration.json `caption_natural`; the app
measures the rate with its own rules: web/ood/captionCheck.ts `naturalCaptionRates`).
"""
from typing import Dict, List

NATURAL_CAPTIONS: Dict[str, List[str]] = {
    "airplane": ["a passenger jet taking off.", "a small plane in the sky.", "an airliner at the airport.",
                 "a jet flying over the clouds.", "a plane on the runway.", "an old propeller plane.",
                 "a fighter jet in flight.", "an airplane coming in to land."],
    "automobile": ["a red car parked on the street.", "my new car.", "a sports car on the road.",
                   "an old car in a garage.", "a blue sedan.", "a car driving down the highway.",
                   "a white car in a parking lot.", "a taxi in the city."],
    "bird": ["a small bird on a branch.", "a bird sitting on the fence.", "a parrot with bright feathers.",
             "an owl in a tree.", "a bird flying over the water.", "a sparrow on the ground.",
             "a duck swimming in the pond.", "an eagle in the sky."],
    "cat": ["my cat sleeping on the sofa.", "a cat looking out the window.", "a kitten playing.",
            "a grey cat on the floor.", "a black cat sitting.", "a tabby cat lying in the sun.",
            "a cat on the bed.", "a fluffy white cat."],
    "deer": ["a deer in the forest.", "a deer standing in a field.", "a young deer in the grass.",
             "a stag with big antlers.", "a deer near the trees.", "two deer in the snow.",
             "a deer looking at the camera.", "a brown deer in the woods."],
    "dog": ["my dog in the garden.", "a puppy sitting on the grass.", "a dog running on the beach.",
            "a small dog on the couch.", "a big brown dog.", "a dog playing with a ball.",
            "a dog looking at the camera.", "a black dog lying down."],
    "frog": ["a green frog on a leaf.", "a frog sitting in the water.", "a toad on the ground.",
             "a small frog on a rock.", "a frog in the pond.", "a tree frog.",
             "a brown frog in the grass.", "a frog close up."],
    "horse": ["a horse in a field.", "a brown horse running.", "a horse eating grass.",
              "a white horse in the meadow.", "a rider on a horse.", "a horse standing by the fence.",
              "two horses on a farm.", "a black horse."],
    "ship": ["a large ship at sea.", "a boat in the harbour.", "a cargo ship near the port.",
             "a sailing boat on the water.", "a cruise ship.", "a ship on the ocean.",
             "a fishing boat at the dock.", "an old ship with sails."],
    "truck": ["a big truck on the highway.", "a fire truck.", "a delivery truck parked outside.",
              "a red truck on the road.", "a dump truck at a building site.", "a pickup truck.",
              "a truck driving through the city.", "an old truck in a field."],
}


def natural_captions(classes: List[str]) -> List[tuple]:
    """(class index, caption) for every caption of the given classes, in class order; [] for unknown classes."""
    return [(k, c) for k, name in enumerate(classes) for c in NATURAL_CAPTIONS.get(name, [])]
