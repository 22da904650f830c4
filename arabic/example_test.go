package arabic_test

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dhakira/dhakira/arabic"
)

func ExampleFold() {
	fmt.Println(arabic.Fold("أَحْمَد"))
	fmt.Println(arabic.Fold("مدرسة في آذار ٢٠١٧"))
	fmt.Println(arabic.Fold("Nāḩiyat Markaz al Ḩasakah"))
	// Output:
	// احمد
	// مدرسه في اذار 2017
	// nahiyat markaz al hasakah
}

func ExampleStripPrefix() {
	for _, w := range []string{"والوثيقه", "للوثيقه", "وثيقه"} {
		fmt.Println(arabic.StripPrefix(w))
	}
	// Output:
	// وثيقه
	// وثيقه
	// وثيقه
}

func ExampleSortKey() {
	names := []string{"حمص", "الحسكة", "إدلب"}
	slices.SortFunc(names, func(a, b string) int {
		return strings.Compare(arabic.SortKey(a), arabic.SortKey(b))
	})
	fmt.Println(names)
	// Output:
	// [إدلب الحسكة حمص]
}

func ExampleDigits() {
	fmt.Println(arabic.Digits("٢٠١٧-٠٣-١٥"))
	// Output:
	// 2017-03-15
}
